"""Screenshots of every page in headless Chromium, to look at what the dashboard shows.

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8050] [--out screenshots] [--width 1280]

Needs a running dashboard (make run) and Debian's chromium.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ROUTES = ["/", "/reach", "/geography", "/geography?view=tiles&borough=E09000022", "/kpis", "/spend", "/programmes", "/programmes/divert", "/services", "/services?postcode=SE1+7PB", "/services?postcode=M1+1AE",
          "/funding-need", "/about"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8050")
    p.add_argument("--out", type=Path, default=Path("screenshots"))
    p.add_argument("--width", type=int, default=1280)
    args = p.parse_args()
    args.out.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        for route in ROUTES:
            page.goto(args.base + route, wait_until="networkidle")
            page.wait_for_timeout(800)
            name = route.strip("/").replace("/", "-").replace("?", "_").replace("&", "_").replace("=", "-").replace("+", "-") or "overview"
            path = args.out / f"{name}-{args.width}.png"
            page.screenshot(path=str(path), full_page=True)
            print(path)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
