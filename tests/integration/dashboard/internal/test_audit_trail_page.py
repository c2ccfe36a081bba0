"""The audit trail of internal mode, recorded and shown (dashboard/access/audit_trail.py,
dashboard/internal/audit_trail_page.py): a director's session, from a failed sign-in to sign-out."""

from __future__ import annotations

import re
import time

from tests.support.db import query
from tests.support.signin import USERNAME, csrf, https_client, sign_in
from tests.support.web import main_text, page_html


def test_sign_in_failure_download_export_api_call_and_sign_out_are_in_the_audit_trail(app, auth_url):
    """Given a director who fails once, signs in, downloads, exports an image, calls the API and signs out, then each is
    recorded with the user, the filters and the address; and /internal/audit lists the download with the user's name."""
    started = time.time()
    c = https_client(app)
    sign_in(c, password="wrong wrong wrong", next_=None)
    sign_in(c, next_=None)
    assert c.get("/download/reach/reach-trend.csv?programme=myends").status_code == 200
    token = csrf(c, "/signin")
    assert (
        c.post(
            "/internal/audit/image-export",
            data={"csrf_token": token, "graph": "reach-trend", "format": "png", "page": "/reach?programme=myends"},
        ).status_code
        == 204
    )
    assert c.get("/internal/api/v1/kpis?programme_id=myends").status_code == 200
    page = main_text(page_html(c, f"/internal/audit?user={USERNAME}"))
    assert re.search(rf"{USERNAME} Download /download/reach/reach-trend.csv programme=myends", page)
    c.post("/signout", data={"csrf_token": token})
    rows = query(
        auth_url,
        "SELECT username, event, target, filters, client FROM audit_events "
        "WHERE occurred_at >= :t ORDER BY occurred_at",
        t=started,
    )
    assert [r[1] for r in rows] == ["sign_in_failed", "sign_in", "download", "image_export", "api_call", "sign_out"]
    assert all(r[0] == USERNAME and r[4] for r in rows)
    assert rows[3][2] == "/reach reach-trend.png" and '"programme": "myends"' in rows[3][3]
    assert "wrong" not in repr(rows)  # passwords are never recorded
