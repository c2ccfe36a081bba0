"""Screenshots of every page in headless Chromium, to look at what the dashboard shows.

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8050] [--out screenshots] [--width 1280]
    printf '%s\n' "$PASSWORD" | .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8062 --sign-in director

Needs a running dashboard (make run) and Debian's chromium. With --sign-in USER (an internal-mode
dashboard; the password is read from standard input, never from the command line) it signs in
first and takes the internal pages too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROUTES = [
    "/",
    "/reach",
    "/geography",
    "/geography?view=tiles&borough=E09000022",
    "/kpis",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/services",
    "/services?postcode=SE1+7PB",
    "/services?postcode=M1+1AE",
    "/funding-need",
    "/about",
]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8050")
    p.add_argument("--out", type=Path, default=Path("screenshots"))
    p.add_argument("--width", type=int, default=1280)
    p.add_argument(
        "--sign-in", metavar="USER", help="sign in to an internal-mode dashboard first (password on standard input)"
    )
    args = p.parse_args()
    args.out.mkdir(exist_ok=True)
    routes = ROUTES
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        if args.sign_in:
            from dashboard.pages.registry import INTERNAL

            page.goto(args.base + "/signin")
            page.fill("#username", args.sign_in)
            page.fill("#password", sys.stdin.readline().rstrip("\n"))
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            if "/signin" in page.url:
                print(f"could not sign in as {args.sign_in} at {args.base}", file=sys.stderr)
                return 1
            routes = [page.path for page in INTERNAL] + ROUTES
        for route in routes:
            page.goto(args.base + route, wait_until="networkidle")
            page.wait_for_timeout(800)
            name = (
                route.strip("/")
                .replace("/", "-")
                .replace("?", "_")
                .replace("&", "_")
                .replace("=", "-")
                .replace("+", "-")
                or "overview"
            )
            path = args.out / f"{name}-{args.width}.png"
            page.screenshot(path=str(path), full_page=True)
            print(path)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
