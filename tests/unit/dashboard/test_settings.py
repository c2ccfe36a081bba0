"""dashboard/settings.py: every environment variable in one Settings, read from a mapping, bad values named."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

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
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        from_environment(environ={variable: value})


def test_the_command_line_says_which_setting_is_wrong(tmp_path):
    """Given a bad setting, when a user command runs, then it stops (exit 3) naming the variable, and creates
    nothing."""
    env = {
        "VRU_AUTH_DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}",
        "VRU_AUDIT_RETENTION_DAYS": "forever",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-m", "dashboard.cli", "list-users"], capture_output=True, text=True, env=env)
    assert out.returncode == 3 and "VRU_AUDIT_RETENTION_DAYS must be a whole number of days" in out.stderr
    assert not (tmp_path / "auth.db").exists()
