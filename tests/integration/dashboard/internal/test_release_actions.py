"""Release control on the internal site (dashboard/internal/release_actions.py, dashboard/data/release_control.py): an
analyst previews and submits, a second person approves; roles, the form token, bad times, races and a release that
changed since it was read are each refused with the reason, and every action is in the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.access import users
from dashboard.data import control_writer
from tests.support.db import query
from tests.support.publication import copy_folder, states
from tests.support.signin import SECRET, form_token, https_client, sign_in
from tests.support.web import main_text, make_app

PASSWORD = "a long enough password"
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)  # a Monday: the default time is Tuesday 09:30


@pytest.fixture
def site(draft_release, tmp_path, monkeypatch):
    """The internal site on a private copy of the draft release, with an analyst and two approvers; its clock says
    Monday 7 December 2026, 10:00."""
    urls = copy_folder(draft_release, tmp_path / "data")
    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    store = users.engine(auth_url)
    for name, role in (("ana", "analyst"), ("apo", "approver"), ("bea", "approver")):
        users.add_user(store, username=name, password=PASSWORD, role=role)
    monkeypatch.setattr(control_writer, "now", lambda: NOW)
    app = make_app(urls["internal"], secret_key=SECRET, auth_database_url=auth_url)
    return app, urls, auth_url


def person(app, name: str):
    c = https_client(app)
    assert sign_in(c, username=name, password=PASSWORD, next_=None).status_code == 302
    return c


def page(c, path="/internal/releases?release=2") -> str:
    response = c.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def review_token(html: str) -> str:
    return re.search(r'<input[^>]*name="token"[^>]*>', html).group(0).split('value="')[1].split('"')[0]


def post(c, path: str, *, csrf: str, confirm: bool = True, **form):
    data = {"csrf_token": csrf, **form} | ({"confirm": "yes"} if confirm else {})
    return c.post(path, data=data)


def problem(response) -> str:
    found = re.search(r"Not done:</strong>(.*?)</div>", response.get_data(as_text=True), re.S)
    return found.group(1).strip() if found else ""


def submit(c, note="Q3 returns: two providers' late returns are in"):
    html = page(c)
    return post(c, "/internal/releases/2/submit", csrf=form_token(html), note=note)


def approve(c, *, date="2026-12-08", time="09:30", **extra):
    html = page(c)
    form = {"date": date, "time": time, "token": review_token(html)} | extra
    return post(c, "/internal/releases/2/approve", csrf=form_token(html), **form)


def events(auth_url: str) -> list[tuple]:
    return query(auth_url, "SELECT username, event, target, filters FROM audit_events ORDER BY occurred_at")


# ---------------------------------------------------------------------------- the way through
def test_an_analyst_previews_and_submits_and_another_person_approves(site):
    """Given a draft, when an analyst previews its /reach and submits it, and an approver reads it and approves it for
    Tuesday 09:30, then it is approved for that time, and the audit trail lists the preview, the submission and the
    approval with who did them."""
    app, urls, auth_url = site
    ana = person(app, "ana")
    preview = page(ana, "/reach?release=2")
    assert "Preview of release 2, not published; no publication date is set yet" in main_text(preview)
    confirm = post(ana, "/internal/releases/2/submit", csrf=form_token(page(ana)), confirm=False, note="Q3")
    assert confirm.status_code == 200 and "Submit for approval" in confirm.get_data(as_text=True)
    assert states(urls["internal"])[-1] == (2, "draft", False)  # nothing until confirmed
    assert submit(ana).status_code == 303

    apo = person(app, "apo")
    review = main_text(page(apo))
    for words in (
        "Disclosure audit",
        "Validation warnings",
        "What it changes against the live release",
        "Headline figures",
        "revised",
        "Submitted by ana",
    ):
        assert words in review, words
    answer = approve(apo, date="2026-12-07", time="09:30", reason="")  # the demo's announced date is Monday: moved
    assert answer.status_code == 400 and "has passed" in problem(answer)
    assert approve(apo, reason="Announced for Tuesday instead").status_code == 303
    assert states(urls["internal"])[-1] == (2, "approved", False)
    assert query(urls["internal"], "SELECT publish_at FROM releases WHERE release_id = 2") == [
        ("2026-12-08T09:30:00+00:00",)
    ]
    done = [(u, e) for u, e, _t, _f in events(auth_url) if e != "sign_in"]
    assert ("ana", "preview") in done and ("ana", "release_submit") in done and ("apo", "release_approve") in done
    assert {r[0] for r in query(urls["internal"], "SELECT username FROM release_previews WHERE release_id = 2")} == {
        "ana",
        "apo",
    }
    assert states(urls["public"]) == [(1, "published", True)]  # nothing is public before its time


# ---------------------------------------------------------------------------- who may do what
def test_an_analyst_may_not_approve_withdraw_or_announce(site):
    app, _urls, _auth = site
    ana = person(app, "ana")
    token = form_token(page(ana))
    for path, form in (
        ("/internal/releases/2/approve", {"date": "2026-12-08", "time": "09:30", "token": "x"}),
        ("/internal/releases/2/withdraw", {"reason": "no"}),
        ("/internal/releases/dates/announce", {"date": "2026-12-08", "time": "09:30", "description": "x"}),
    ):
        assert post(ana, path, csrf=token, **form).status_code == 403, path
    assert "Approve…" not in page(ana)  # and the form is not offered


def test_nobody_approves_their_own_submission(site):
    app, urls, _auth = site
    apo = person(app, "apo")
    assert submit(apo).status_code == 303
    html = page(apo)
    assert "You submitted it" in main_text(html) and 'name="token"' not in html  # no approval form is offered
    answer = post(
        apo, "/internal/releases/2/approve", csrf=form_token(html), date="2026-12-08", time="09:30", token="x"
    )
    assert answer.status_code == 403 and "a second person must approve it" in problem(answer)
    assert states(urls["internal"])[-1] == (2, "draft", False)


def test_every_release_form_needs_the_form_token(site):
    app, _urls, _auth = site
    apo = person(app, "apo")
    for path in (
        "/internal/releases/2/submit",
        "/internal/releases/2/approve",
        "/internal/releases/2/withdraw",
        "/internal/releases/dates/announce",
    ):
        assert apo.post(path, data={"note": "x", "confirm": "yes"}).status_code == 400, path


# ---------------------------------------------------------------------------- bad input and races
@pytest.mark.parametrize(
    ("date", "time", "words"),
    [
        ("2026-12-07", "09:00", "has passed"),
        ("2026-12-08", "06:45", "between 07:00 and 19:00"),
        ("2026-12-08", "21:00", "between 07:00 and 19:00"),
        ("8 Dec", "9.30", "YYYY-MM-DD"),
    ],
)
def test_a_time_in_the_past_or_outside_working_hours_is_refused(site, date, time, words):
    app, urls, _auth = site
    submit(person(app, "ana"))
    answer = approve(person(app, "apo"), date=date, time=time, reason="moved")
    assert answer.status_code == 400 and words in problem(answer)
    assert states(urls["internal"])[-1] == (2, "draft", False)


def test_two_approvers_at_once_approve_it_once(site):
    """Given two approvers who read the release at the same time, when both confirm, then the first approves it and
    the second is told it was approved already, by whom."""
    app, urls, _auth = site
    submit(person(app, "ana"))
    apo, bea = person(app, "apo"), person(app, "bea")
    pages = {c: page(c) for c in (apo, bea)}
    forms = {
        c: {"date": "2026-12-08", "time": "09:30", "token": review_token(h), "reason": "moved"}
        for c, h in pages.items()
    }
    first = post(apo, "/internal/releases/2/approve", csrf=form_token(pages[apo]), **forms[apo])
    second = post(bea, "/internal/releases/2/approve", csrf=form_token(pages[bea]), **forms[bea])
    assert first.status_code == 303
    assert second.status_code == 409 and "approved by apo already" in problem(second)
    assert query(urls["internal"], "SELECT approved_by FROM release_control WHERE release_id = 2") == [("apo",)]


def test_a_release_that_changed_since_it_was_read_is_not_approved(site):
    """Given an approver reading the release, when the analyst submits it again with another note before the approver
    confirms, then the approval is refused: read it again."""
    app, urls, _auth = site
    ana, apo = person(app, "ana"), person(app, "apo")
    submit(ana)
    html = page(apo)
    submit(ana, note="Also corrects DIVERT's 2024-25 referrals")
    answer = post(
        apo,
        "/internal/releases/2/approve",
        csrf=form_token(html),
        date="2026-12-08",
        time="09:30",
        reason="moved",
        token=review_token(html),
    )
    assert answer.status_code == 409 and "changed since you looked at it" in problem(answer)
    assert states(urls["internal"])[-1] == (2, "draft", False)


# ---------------------------------------------------------------------------- the calendar and withdrawal
def test_a_date_announced_and_moved_carries_its_reason(site):
    app, urls, auth_url = site
    apo = person(app, "apo")
    token = form_token(page(apo))
    assert (
        post(
            apo,
            "/internal/releases/dates/announce",
            csrf=token,
            date="2027-01-12",
            time="09:30",
            description="2026-27 Q3 returns",
        ).status_code
        == 303
    )
    (entry_id,) = query(
        urls["internal"], "SELECT entry_id FROM release_calendar WHERE description = '2026-27 Q3 returns'"
    )[0]
    answer = post(
        apo, f"/internal/releases/dates/{entry_id}/reschedule", csrf=token, date="2027-01-13", time="09:30", reason=""
    )
    assert answer.status_code == 400 and "reason" in problem(answer)
    assert (
        post(
            apo,
            f"/internal/releases/dates/{entry_id}/reschedule",
            csrf=token,
            date="2027-01-13",
            time="09:30",
            reason="Two providers' returns are late",
        ).status_code
        == 303
    )
    assert query(
        urls["internal"], "SELECT sequence, publish_at FROM release_calendar WHERE entry_id = :e", e=entry_id
    ) == [(1, "2027-01-13T09:30:00+00:00")]
    assert query(urls["internal"], "SELECT reason FROM release_calendar_changes") == [
        ("Two providers' returns are late",)
    ]
    assert {e for _u, e, _t, _f in events(auth_url)} >= {"release_announce", "release_reschedule"}


def test_a_draft_withdrawn_is_never_published(site):
    app, urls, auth_url = site
    apo = person(app, "apo")
    answer = post(apo, "/internal/releases/2/withdraw", csrf=form_token(page(apo)), reason="Wrong extract date")
    assert answer.status_code == 303
    assert states(urls["internal"])[-1] == (2, "withdrawn", False)
    assert ("apo", "release_withdraw") in {(u, e) for u, e, _t, _f in events(auth_url)}


# ---------------------------------------------------------------------------- the audit trail, by role
def test_an_analyst_reads_their_own_audit_entries_and_an_approver_everyones(site):
    """Given an analyst and an approver who both signed in, when each opens the audit trail (asking for every user,
    or for the other), then the analyst sees only their own entries and the approver sees both."""
    app, _urls, _auth = site
    ana, apo = person(app, "ana"), person(app, "apo")
    for c in (ana, apo):
        page(c, "/reach?release=2")
    mine = main_text(page(ana, "/internal/audit?user=apo"))
    assert "ana" in mine and " apo " not in mine and "You see your own entries" in mine
    everyone = main_text(page(apo, "/internal/audit"))
    assert " ana " in everyone and " apo " in everyone
