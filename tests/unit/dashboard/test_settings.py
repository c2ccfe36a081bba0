"""dashboard/settings.py: every environment variable in one Settings, read from a mapping, bad values named."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.settings import MODES, Settings, SettingsError, from_environment


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_environment_gives_the_documented_defaults(mode):
    """Given no variables, when the settings are read, then each field with a default has it (except the two that
    depend on the mode: the database and the image warm-up)."""
    settings = from_environment(mode=mode, environ={})
    for f in dataclasses.fields(Settings):
        if f.default is not dataclasses.MISSING and f.name != "image_warmup":
            assert getattr(settings, f.name) == f.default, f.name
    assert settings.database_url == f"sqlite:///data/{mode}.db" and settings.image_warmup == (mode == "public")


def test_the_secret_key_is_read_but_never_shown():
    settings = from_environment(mode="internal", environ={"VRU_SECRET_KEY": "s3cret" * 8})
    assert settings.secret_key == "s3cret" * 8 and "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VRU_AUDIT_RETENTION_DAYS", "0"),
        ("VRU_AUDIT_RETENTION_DAYS", "two years"),
        ("VRU_360GIVING_PREFIX", "GB-COH-123"),
        ("VRU_MODE", "staging"),
        ("VRU_PUBLIC_BASE_URL", "ftp://x"),
        ("VRU_TRUSTED_PROXIES", "1.5"),
        ("VRU_CACHE_MAX_AGE", "-1"),
        ("VRU_CACHE_MAX_AGE", "5 minutes"),
        ("VRU_CACHE_STALE_WHILE_REVALIDATE", "1e3"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        from_environment(environ={variable: value})


def test_public_settings_never_read_the_internal_url(monkeypatch):
    from dashboard.settings import from_environment

    monkeypatch.setenv("VRU_INTERNAL_DATABASE_URL", "sqlite:///secret.db")
    monkeypatch.setenv("VRU_PUBLIC_DATABASE_URL", "sqlite:///public.db")
    assert from_environment(mode="public").database_url == "sqlite:///public.db"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VRU_HSTS", "sometimes"),
        ("VRU_TRUSTED_PROXIES", "-1"),
        ("VRU_TRUSTED_PROXIES", "two"),
        ("VRU_IMAGE_RENDERS_PER_MINUTE", "0"),
        ("VRU_IMAGE_RENDERS_PER_MINUTE", "1.5"),
        ("VRU_SESSION_HOURS", "0"),
        ("VRU_SESSION_IDLE_MINUTES", "many"),
    ],
)
def test_bad_security_settings_are_refused_at_start(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        from_environment(mode="internal")


def test_security_settings_come_from_the_environment(monkeypatch):
    for variable, value in {
        "VRU_HSTS": "always",
        "VRU_TRUSTED_PROXIES": "2",
        "VRU_SESSION_HOURS": "4",
        "VRU_SESSION_IDLE_MINUTES": "10",
        "VRU_COOKIE_SECURE": "0",
        "VRU_IMAGE_RENDERS_PER_MINUTE": "12",
    }.items():
        monkeypatch.setenv(variable, value)
    settings = from_environment(mode="internal")
    assert (
        settings.hsts,
        settings.trusted_proxies,
        settings.session_hours,
        settings.session_idle_minutes,
        settings.cookie_secure,
        settings.image_renders_per_minute,
    ) == ("always", 2, 4.0, 10.0, False, 12)
