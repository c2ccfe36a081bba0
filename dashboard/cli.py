"""`vru-dashboard serve`: run the dashboard locally (production uses gunicorn: see Procfile)."""
from __future__ import annotations

import argparse
import sys

from dashboard.db import DatabaseUnavailable
from dashboard.settings import MODES, SettingsError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vru-dashboard", description="London VRU performance dashboard")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the dashboard on this machine (development server)")
    s.add_argument("--mode", choices=MODES, default=None, help="public (default, or VRU_MODE) or internal")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--host", default="127.0.0.1")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from dashboard.app import create_app

    try:
        app = create_app(args.mode)
    except (SettingsError, DatabaseUnavailable) as err:
        print(f"vru-dashboard: {err}", file=sys.stderr)
        return 3
    print(f"Serving the dashboard on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    app.run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
