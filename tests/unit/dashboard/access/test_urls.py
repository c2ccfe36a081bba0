"""Absolute addresses of this site, from configuration only (dashboard/access/urls.py), with no app."""

from __future__ import annotations

import pytest

from dashboard.access import urls
from dashboard.settings import Settings

BASE = "https://dashboard.london-vru.example"


@pytest.mark.parametrize("path", ["//evil.example/x", "http://evil.example/", "embed/x", "/\\evil.example"])
def test_absolute_refuses_what_is_not_a_path_on_this_site(path):
    with pytest.raises(urls.UnsafePath):
        urls.absolute(path, settings=Settings(mode="public", database_url="sqlite://", public_base_url=BASE))


def test_absolute_is_relative_without_a_base_url():
    assert urls.absolute("/embed/a?b=1", settings=Settings(mode="public", database_url="sqlite://")) == "/embed/a?b=1"
    assert urls.absolute("/embed/a?b=1", settings=None) == "/embed/a?b=1"


@pytest.mark.parametrize(
    ("location", "relative", "under_base"),
    [
        ("http://evil.example/api/v1/", "/api/v1/", f"{BASE}/api/v1/"),
        ("/api/v1/", "/api/v1/", "/api/v1/"),
        (f"{BASE}/reach?a=1", "/reach?a=1", f"{BASE}/reach?a=1"),
        (f"{BASE}.evil.example/x", "/x", f"{BASE}/x"),
        ("//evil.example/x", "/x", f"{BASE}/x"),
        ("/\\evil.example/x", "/evil.example/x", f"{BASE}/evil.example/x"),
        (" //evil.example", "/", f"{BASE}/"),
        ("/\t/evil.example", "/", f"{BASE}/"),
        ("http://evil.example/a\\b?x=\\", "/a/b?x=%5C", f"{BASE}/a/b?x=%5C"),
    ],
)
def test_every_location_is_made_a_path_on_this_site(location, relative, under_base):
    """What a browser would read as another host (another scheme and host, "//host", "/\\host", a tab between
    slashes) becomes a path on this site; a path stays as it is."""
    plain = Settings(mode="public", database_url="sqlite://")
    based = Settings(mode="public", database_url="sqlite://", public_base_url=BASE)
    assert urls.on_this_site(location, settings=plain) == relative
    assert urls.on_this_site(location, settings=based) == under_base
