"""The release actions of the internal Releases page, as plain HTML forms posted to the server:

- POST /internal/releases/<N>/submit      a draft put forward for approval, with a note (analyst or approver)
- POST /internal/releases/<N>/approve     approved for a publication time (approver; never the submitter)
- POST /internal/releases/<N>/withdraw    withdrawn, with a reason (approver)
- POST /internal/releases/dates/<entry>/reschedule   an announced date moved, with a reason (approver)
- POST /internal/releases/dates/announce  a date announced before its release exists (approver)

Each is two steps: the first post shows what is about to happen (or why it cannot) on a confirmation page; the
second, with confirm=yes, does it and returns to the Releases page. Every post carries the session's form token
(CSRF), and the role is checked here, on the server, for every action. What is done is written to the audit
trail with its reason. The rules and the races are dashboard/data/release_control.py's.

Also here: the record of each preview of a waiting release (pre-release access), after the request that showed it.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask, Response, current_app, redirect, request

from dashboard.access import audit_trail, auth, roles, signed_in
from dashboard.data import control_writer, release_control, release_times, state
from dashboard.data.control_writer import Refused
from dashboard.data.vocabulary import INTERNAL_MARKING
from dashboard.internal import release_data
from dashboard.ui import documents, release_words, site

BASE = "/internal/releases"
MAX_ENTRY_ID = 64


def _page(*, title, facts, action="", fields=(), confirm_label="", consequence="", problem="", status=200, back=BASE):
    body = documents.render(
        "release_confirm.html",
        page_title=site.title(title, internal=True),
        marking=INTERNAL_MARKING,
        title=title,
        problem=problem,
        facts=facts,
        can_confirm=not problem,
        consequence=consequence,
        action=action,
        fields=[(k, v) for k, v in fields if v is not None],
        csrf_token=auth.csrf_token(),
        confirm_label=confirm_label,
        back=back,
    )
    return Response(body, status=status, mimetype="text/html")


def _confirmed() -> bool:
    return request.form.get("confirm") == "yes"


def _done(release_id: int | None, what: str):
    where = f"{BASE}?release={release_id}&done={what}" if release_id else f"{BASE}?done={what}"
    return redirect(where, code=303)


def _time_from_form() -> dt.datetime:
    when = release_times.parse(request.form.get("date", ""), request.form.get("time", ""))
    release_times.check(when, now=control_writer.now())
    return when


def _who() -> tuple[str, str]:
    return signed_in.user() or "", roles.current() or ""


def _release_or_404(release_id: int) -> dict:
    found = release_data.release(state.engine(), release_id)
    if found is None:
        raise Refused(f"there is no release {release_id}", status=404)
    return found


def _answer(work):
    """Run one action's two steps, turning refusals into the confirmation page with the reason."""
    auth.check_form_token()
    try:
        return work()
    except release_times.BadTime as err:
        return _page(title="The time cannot be used", facts=[], problem=str(err), status=400)
    except Refused as err:
        return _page(title="This cannot be done now", facts=[], problem=str(err), status=err.status)


# ---------------------------------------------------------------------- the actions
def submit(release_id: int):
    roles.require("submit")

    def work():
        found = _release_or_404(release_id)
        note = control_writer.text(request.form.get("note"), what="a note for the approver", required=True)
        if not _confirmed():
            return _page(
                title=f"Submit release {release_id} for approval",
                facts=[("Release", f"{release_id} ({found['state']})"), ("Your note", note)],
                action=f"{BASE}/{release_id}/submit",
                fields=[("note", note)],
                confirm_label="Submit for approval",
                consequence="An approver other than you will review it and choose its publication time.",
                back=f"{BASE}?release={release_id}",
            )
        user, role = _who()
        release_control.submit(release_id=release_id, username=user, role=role, note=note, at=control_writer.now())
        audit_trail.record("release_submit", target=f"release {release_id}", filters={"note": note})
        return _done(release_id, "submitted")

    return _answer(work)


def approve(release_id: int):
    roles.require("approve")

    def work():
        found = _release_or_404(release_id)
        when = _time_from_form()
        reason = control_writer.text(request.form.get("reason"), what="the reason", required=False)
        entry_id = request.form.get("entry_id", "")[:MAX_ENTRY_ID] or None
        user, role = _who()
        if found.get("submitted_by") == user:
            raise Refused(f"you submitted release {release_id}: a second person must approve it", status=403)
        announced = release_words.moment(found.get("announced_at_time"))
        if found.get("entry_id") and announced is not None and announced != when and not reason:
            raise Refused(
                f"it is announced for {release_words.when(found['announced_at_time'])}: to publish it at another time, "
                "give the reason for the change (it is published on the release calendar)",
                status=400,
            )
        fields = [
            ("date", request.form.get("date")),
            ("time", request.form.get("time")),
            ("token", request.form.get("token", "")),
            ("reason", reason),
            ("entry_id", entry_id),
        ]
        if not _confirmed():
            return _page(
                title=f"Approve release {release_id}",
                facts=[
                    ("Release", str(release_id)),
                    (
                        "Submitted by",
                        f"{found.get('submitted_by') or 'nobody yet'}: {found.get('submission_note') or ''}",
                    ),
                    ("Publication", release_words.when(when.isoformat()) + " (London time)"),
                    ("Reason for a change of date", reason or "none given"),
                ],
                action=f"{BASE}/{release_id}/approve",
                fields=fields,
                confirm_label="Approve for this time",
                consequence="At that minute it is copied to the public site, for everyone at once.",
                back=f"{BASE}?release={release_id}",
            )
        release_control.approve(
            release_id=release_id,
            username=user,
            role=role,
            publish_at=when,
            token=request.form.get("token", ""),
            reason=reason,
            live_release_id=int(state.release()["release_id"]),
            at=control_writer.now(),
            entry_id=entry_id,
        )
        audit_trail.record(
            "release_approve",
            target=f"release {release_id}",
            filters={"publish_at": control_writer.iso(when), "reason": reason},
        )
        return _done(release_id, "approved")

    return _answer(work)


def withdraw(release_id: int):
    roles.require("withdraw")

    def work():
        found = _release_or_404(release_id)
        reason = control_writer.text(
            request.form.get("reason"), what="the reason for the withdrawal (it is published)", required=True
        )
        if not _confirmed():
            live = found["state"] in ("published", "superseded")
            return _page(
                title=f"Withdraw release {release_id}",
                facts=[("Release", f"{release_id} ({found['state']})"), ("Reason (published on /revisions)", reason)],
                action=f"{BASE}/{release_id}/withdraw",
                fields=[("reason", reason)],
                confirm_label="Withdraw it",
                consequence=(
                    "Within a minute every public address of it answers 410 Gone, and the release before it is live "
                    "again."
                    if live
                    else "It will not be published."
                ),
                back=f"{BASE}?release={release_id}",
            )
        user, role = _who()
        release_control.withdraw(
            release_id=release_id, username=user, role=role, reason=reason, at=control_writer.now()
        )
        audit_trail.record("release_withdraw", target=f"release {release_id}", filters={"reason": reason})
        return _done(release_id, "withdrawn")

    return _answer(work)


def reschedule(entry_id: str):
    roles.require("reschedule")

    def work():
        when = _time_from_form()
        reason = control_writer.text(
            request.form.get("reason"), what="the reason for the change (it is published)", required=True
        )
        if not _confirmed():
            return _page(
                title="Change an announced date",
                facts=[("New time", release_words.when(when.isoformat()) + " (London time)"), ("Reason", reason)],
                action=f"{BASE}/dates/{entry_id}/reschedule",
                fields=[("date", request.form.get("date")), ("time", request.form.get("time")), ("reason", reason)],
                confirm_label="Change the date",
                consequence="The calendar, its feed and any approved release on that date move, with your reason.",
            )
        user, role = _who()
        release_control.reschedule(
            entry_id=entry_id, username=user, role=role, publish_at=when, reason=reason, at=control_writer.now()
        )
        audit_trail.record(
            "release_reschedule",
            target=f"date {entry_id}",
            filters={"publish_at": control_writer.iso(when), "reason": reason},
        )
        return _done(None, "rescheduled")

    return _answer(work)


def announce():
    roles.require("announce")

    def work():
        when = _time_from_form()
        description = control_writer.text(
            request.form.get("description"), what="what the release will hold", required=True
        )
        if not _confirmed():
            return _page(
                title="Announce a publication date",
                facts=[
                    ("Time", release_words.when(when.isoformat()) + " (London time)"),
                    ("What it will hold", description),
                ],
                action=f"{BASE}/dates/announce",
                fields=[
                    ("date", request.form.get("date")),
                    ("time", request.form.get("time")),
                    ("description", description),
                ],
                confirm_label="Announce it",
                consequence="It appears on the public release calendar and its iCalendar feed within a minute.",
            )
        user, role = _who()
        entry_id = release_control.announce(
            username=user, role=role, publish_at=when, description=description, at=control_writer.now()
        )
        audit_trail.record(
            "release_announce", target=f"date {entry_id}", filters={"publish_at": control_writer.iso(when)}
        )
        return _done(None, "announced")

    return _answer(work)


# ---------------------------------------------------------------------- pre-release access
def record_preview(response: Response) -> Response:
    """After a request that showed a waiting release's figures: the audit trail and the release's access list."""
    release_id = state.previewed_release()
    user = signed_in.user() if release_id is not None else None
    if release_id is None or not user or response.status_code >= 400:
        return response
    try:
        release_control.note_preview(
            release_id=release_id, username=user, role=roles.current() or "", at=control_writer.now()
        )
        audit_trail.record("preview", target=f"release {release_id} {request.path}")
    except (sa.exc.SQLAlchemyError, Refused):
        # The figures were shown by a read-only engine; a write that fails now (an ETL run holding SQLite's lock)
        # must be seen by whoever reviews access, so it is logged loudly, and the page still answers.
        current_app.logger.exception("could not record the preview of release %s by %s", release_id, user)
    return response


def register(server: Flask) -> None:
    server.add_url_rule(f"{BASE}/<int:release_id>/submit", "release_submit", submit, methods=["POST"])
    server.add_url_rule(f"{BASE}/<int:release_id>/approve", "release_approve", approve, methods=["POST"])
    server.add_url_rule(f"{BASE}/<int:release_id>/withdraw", "release_withdraw", withdraw, methods=["POST"])
    server.add_url_rule(f"{BASE}/dates/<entry_id>/reschedule", "release_reschedule", reschedule, methods=["POST"])
    server.add_url_rule(f"{BASE}/dates/announce", "release_announce", announce, methods=["POST"])
    server.after_request(record_preview)
