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
