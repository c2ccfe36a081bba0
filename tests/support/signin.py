"""Signing in to the internal dashboard, as the tests' one user."""

from __future__ import annotations

import re

USERNAME = "director"

PASSWORD = "correct horse battery staple"


SECRET = "x" * 64


def https_client(app):
    # Session cookies are Secure: the test client must speak https to get them back.
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    return c


def csrf(c, path="/signin") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).data.decode()).group(1)


def sign_in(c, *, password=PASSWORD, username="director", next_="/"):
    return c.post("/signin", data={"username": username, "password": password, "csrf_token": csrf(c), "next": next_})
