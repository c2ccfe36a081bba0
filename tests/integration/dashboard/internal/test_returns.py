"""/internal/returns over HTTP: who has sent what after an import, and uploads, each refused before any parser sees
it unless it is a small .xlsx or CSV without macros or a bomb, checked by `vru-etl returns check` otherwise, and in
the audit trail either way."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from dashboard.access import audit_trail, users
from dashboard.settings import Settings
from etl.demo import returns as demo_returns
from etl.returns import context, expected, intake, template
from tests.support.extracts import AS_OF_DATE
from tests.support.signin import PASSWORD, SECRET, USERNAME, https_client, sign_in

PROVIDER, PERIOD = "PRV002", "2025-26 Q4"


@pytest.fixture(scope="module")
def world(small_release, small_extracts_master, tmp_path_factory):
    """An internal database of the small release into which PRV002's return for 2025-26 Q4 was imported, the
    extracts the site's checks read, and an empty inbox."""
    root = tmp_path_factory.mktemp("returns-site")
    shutil.copy2(small_release / "internal.db", root / "internal.db")
    extracts = root / "extracts"
    shutil.copytree(small_extracts_master, extracts)
    ctx = context.load(extracts)
    obligation = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD)
    sent = root / "sent"
    good = template.write(obligation, sent, rows=demo_returns.filled_rows(ctx.raw, obligation))
    shutil.copy2(good, root / "good.xlsx")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(root / "data"))
        intake.import_folder(
            sent, extracts=extracts, as_of=AS_OF_DATE, database_url=f"sqlite:///{root / 'internal.db'}"
        )
    return root


@pytest.fixture(scope="module")
def auth_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}"


@pytest.fixture(scope="module")
def app(world, auth_url):
    from dashboard.app import create_app

    users.add_user(users.engine(auth_url), username=USERNAME, password=PASSWORD)
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{world / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
            returns_inbox=str(world / "inbox"),
        )
    )


@pytest.fixture
def client(app, world, monkeypatch):
    monkeypatch.setenv("VRU_EXTRACTS_DIR", str(world / "extracts"))  # what the check in its own process reads
    c = https_client(app)
    sign_in(c)
    return c


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def _upload(client, data: bytes, *, name: str = "return.xlsx", csrf: str | None = None, **headers):
    form = {
        "provider": PROVIDER,
        "period": PERIOD,
        "csrf_token": _csrf(client) if csrf is None else csrf,
        "file": (io.BytesIO(data), name),
    }
    return client.post("/internal/returns/upload", data=form, content_type="multipart/form-data", headers=headers)


def test_the_page_shows_who_has_sent_what(client, app):
    """Given one provider's return imported, then its status for the quarter is accepted (or with warnings), and the
    others are missing, with the non-submitters to download."""
    from dashboard.internal import returns as page
    from dashboard.internal import returns_upload

    with app.server.test_request_context("/internal/returns"):
        statuses = returns_upload.current_statuses(AS_OF_DATE)
    mine = statuses[(statuses["provider_id"] == PROVIDER) & (statuses["period"] == PERIOD)]
    assert mine["status"].iloc[0] in ("accepted", "accepted with warnings")
    others = statuses[(statuses["provider_id"] != PROVIDER) & (statuses["period"] == PERIOD)]
    assert set(others["status"]) == {"missing"}
    assert page is not None
    response = client.get(f"/internal/returns/non-submitters.csv?period={PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0].startswith("provider_id,provider_name,period,status,due_date,contact")
    assert PROVIDER not in text and "missing" in text


def test_a_good_upload_is_checked_shown_and_audited(client, world, auth_url):
    """Given a return filled in from the extracts, when uploaded, then it is kept under a random id, checked, and
    recorded in the audit trail."""
    response = _upload(client, (world / "good.xlsx").read_bytes())
    assert response.status_code == 303
    upload_id = response.headers["Location"].split("upload=")[1].split("&")[0]
    assert response.headers["Location"].endswith("&period=2025-26+Q4")  # the page then shows the upload's quarter
    kept = world / "inbox" / upload_id
    assert (kept / "return.xlsx").exists() and (kept / "checked" / "return.check.json").exists()
    assert '"outcome": "accepted' in (kept / "checked" / "return.check.json").read_text()
    events = audit_trail.events(users.engine(auth_url))
    assert "return_upload" in set(events["event"])
    page = client.get(f"/internal/returns?upload={upload_id}")
    assert page.status_code == 200


def test_a_macro_workbook_is_refused_before_it_is_read(client, world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"macros")
    response = _upload(client, data.getvalue(), name="return.xlsm")
    upload_id = response.headers["Location"].split("upload=")[1].split("&")[0]
    kept = world / "inbox" / upload_id
    assert not any(kept.glob("return.xls*")) and not (kept / "checked").exists()
    assert "macro-enabled" in (kept / "return.json").read_text()


def test_a_decompression_bomb_is_refused_before_it_is_read(client, world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    response = _upload(client, data.getvalue())
    upload_id = response.headers["Location"].split("upload=")[1].split("&")[0]
    assert "decompression bomb" in (world / "inbox" / upload_id / "return.json").read_text()


def test_a_body_over_the_limit_is_refused_by_its_length_before_it_is_read(client):
    """Given a Content-Length of 60 MB, then the answer is 413 without the body being read."""
    response = client.post(
        "/internal/returns/upload",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=b",
        environ_overrides={"CONTENT_LENGTH": str(60 * 1024 * 1024)},
    )
    assert response.status_code == 413


def test_the_upload_form_is_a_page_with_the_forms_token(client):
    page = client.get("/internal/returns/upload").get_data(as_text=True)
    assert 'type="file"' in page and 'name="csrf_token"' in page and f'value="{PROVIDER}"' in page


def test_an_upload_without_the_form_token_is_refused(client, world):
    response = _upload(client, (world / "good.xlsx").read_bytes(), csrf="forged")
    assert response.status_code == 400


@pytest.mark.parametrize("upload_id", ["..%2F..%2Fetc", "0123456789abcdef", "ZZZZ"])
def test_files_of_unknown_uploads_are_not_found(client, upload_id):
    assert client.get(f"/internal/returns/uploads/{upload_id}/annotated.xlsx").status_code == 404


def test_non_submitters_of_an_unknown_quarter_is_a_bad_request(client):
    assert client.get("/internal/returns/non-submitters.csv?period=2099-00+Q9").status_code == 400


def test_signed_out_visitors_cannot_upload(app, world):
    c = https_client(app)
    response = c.post("/internal/returns/upload", data={"provider": PROVIDER}, content_type="multipart/form-data")
    assert response.status_code in (401, 302)
    assert not Path(world / "inbox").exists() or all(p.name != "x" for p in Path(world / "inbox").iterdir())
