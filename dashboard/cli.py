"""`vru-dashboard`: run the dashboard locally (production uses gunicorn: see Procfile), manage the
internal dashboard's users and sessions, print its audit trail. Each command builds its Settings
from the environment once (dashboard/settings.py), as create_app does for the web app."""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.access.users import DEFAULT_ROLE, ROLES
from dashboard.data.db import DatabaseUnavailable
from dashboard.settings import MODES, Settings, SettingsError, from_environment
from dashboard.ui import site


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vru-dashboard", description=site.SITE)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the dashboard on this machine (development server)")
    s.add_argument("--mode", choices=MODES, default=None, help="public (default, or VRU_MODE) or internal")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--host", default="127.0.0.1")
    a = sub.add_parser(
        "add-user", help="add a user of the internal dashboard; the password is read from standard input"
    )
    a.add_argument("name")
    a.add_argument(
        "--role",
        choices=ROLES,
        default=DEFAULT_ROLE,
        help="analyst (default: preview and submit releases) or approver (also approve, schedule and withdraw)",
    )
    sr = sub.add_parser("set-role", help="change a user's role (analyst or approver), from their next request on")
    sr.add_argument("name")
    sr.add_argument("role", choices=ROLES)
    r = sub.add_parser("remove-user", help="remove a user of the internal dashboard")
    r.add_argument("name")
    sub.add_parser("list-users", help="list the users of the internal dashboard")
    w = sub.add_parser(
        "set-password", help="change a user's password (read like add-user's); ends every session of that user"
    )
    w.add_argument("name")
    e = sub.add_parser("sessions", help="list the live sessions of the internal dashboard, or end a user's")
    e.add_argument("--revoke", metavar="USER", help="end every session of USER (they must sign in again)")
    _audit_parser(sub)
    return p


def _read_password(name: str) -> str:
    prompt = sys.stdin.isatty()
    return getpass.getpass(f"Password for {name}: ") if prompt else sys.stdin.readline().rstrip("\n")


def _sessions(store, *, revoke: str | None) -> None:
    import datetime as dt

    from dashboard.access import sessions

    if revoke:
        ended = sessions.revoke(store, username=revoke)
        print(f"Ended {ended} session{'' if ended == 1 else 's'} of {revoke}.")
        return
    when = lambda t: dt.datetime.fromtimestamp(t, dt.UTC).isoformat(timespec="seconds")  # noqa: E731
    for s in sessions.live(store):
        print(
            f"{s.username}\tsigned in {when(s.created_at)}\tlast seen {when(s.last_seen_at)}\tidle end "
            f"{when(s.idle_expires_at)}"
            f"\tends by {when(s.expires_at)}"
        )


def _audit_parser(sub) -> None:
    au = sub.add_parser(
        "audit", help="print the internal dashboard's audit trail as CSV (sign-ins, downloads, exports, API calls)"
    )
    au.add_argument("--since", required=True, metavar="DATE", help="first day, e.g. 2026-11-01 (UTC)")
    au.add_argument("--until", metavar="DATE", help="last day (inclusive); default: today")
    au.add_argument("--user", help="only this user's events")


def _audit(args, *, settings: Settings) -> int:
    from dashboard.access import audit_trail, users

    try:
        since = audit_trail.parse_date(args.since, name="--since")
        until = audit_trail.parse_date(args.until, name="--until") if args.until else None
        frame = audit_trail.events(
            users.engine(settings.auth_database_url), since=since, until=until, username=args.user
        )
    except audit_trail.AuditError as err:
        print(f"vru-dashboard: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(audit_trail.to_csv(frame))
    return 0


def _users(args, *, settings: Settings) -> int:
    from dashboard.access import users

    store = users.engine(settings.auth_database_url)
    try:
        if args.command == "add-user":
            users.add_user(store, username=args.name, password=_read_password(args.name), role=args.role)
            print(f"Added user {args.name} ({args.role}).")
        elif args.command == "set-role":
            users.set_role(store, username=args.name, role=args.role)
            print(f"{args.name} is now an {args.role}.")
        elif args.command == "remove-user":
            users.remove_user(store, username=args.name)
            print(f"Removed user {args.name}; their sessions have ended.")
        elif args.command == "set-password":
            users.set_password(store, username=args.name, password=_read_password(args.name))
            print(f"Changed the password of {args.name}; their sessions have ended.")
        elif args.command == "sessions":
            _sessions(store, revoke=args.revoke)
        else:
            for name, created, role in users.list_users(store):
                print(f"{name}\t{role}\tadded {created}")
    except users.UserError as err:
        print(f"vru-dashboard: {err}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        # Users, sessions and the audit trail belong to internal mode, whatever VRU_MODE says.
        settings = from_environment(mode=args.mode if args.command == "serve" else "internal")
    except SettingsError as err:
        print(f"vru-dashboard: {err}", file=sys.stderr)
        return 3
    if args.command == "audit":
        return _audit(args, settings=settings)
    if args.command != "serve":
        return _users(args, settings=settings)
    from dashboard.access.auth import AuthConfigurationError
    from dashboard.app import create_app

    try:
        app = create_app(settings=settings)
    except (SettingsError, DatabaseUnavailable, AuthConfigurationError) as err:
        print(f"vru-dashboard: {err}", file=sys.stderr)
        return 3
    print(f"Serving the dashboard on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    app.run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
