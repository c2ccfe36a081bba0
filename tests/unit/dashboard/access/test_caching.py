"""dashboard/access/caching.py's code version: of the files' contents, never their times, so that two hosts serving
the same code give the same ETags behind one CDN."""

from __future__ import annotations

import os
import shutil

from dashboard.access import caching

FOLDERS = ("dashboard", "assets")


def _copy(tmp_path, name: str, *, mtime: int):
    """A copy of a few files of the project, every file's time set to `mtime`."""
    root = tmp_path / name
    for folder, files in {"dashboard": ("__init__.py", "app.py"), "assets": ("10-dashboard.css",)}.items():
        (root / folder).mkdir(parents=True)
        for file in files:
            shutil.copyfile(caching.ROOT / folder / file, root / folder / file)
            os.utime(root / folder / file, (mtime, mtime))
    return root


def test_two_copies_of_the_same_files_with_other_times_have_one_version(tmp_path):
    one, other = _copy(tmp_path, "one", mtime=1_700_000_000), _copy(tmp_path, "other", mtime=1_800_000_000)
    assert caching.files_version(one, FOLDERS) == caching.files_version(other, FOLDERS)


def test_a_changed_byte_a_renamed_file_or_a_new_one_changes_the_version(tmp_path):
    root = _copy(tmp_path, "copy", mtime=1_700_000_000)
    before = caching.files_version(root, FOLDERS)
    css = root / "assets" / "10-dashboard.css"
    data = bytearray(css.read_bytes())
    data[-2] = (data[-2] + 1) % 256  # one byte, same size
    css.write_bytes(bytes(data))
    changed = caching.files_version(root, FOLDERS)
    assert changed != before
    css.rename(root / "assets" / "11-dashboard.css")
    assert caching.files_version(root, FOLDERS) not in (before, changed)
    (root / "assets" / "12-new.css").write_text("")
    assert len({before, changed, caching.files_version(root, FOLDERS)}) == 3


def test_compiled_files_do_not_count(tmp_path):
    root = _copy(tmp_path, "copy", mtime=1_700_000_000)
    before = caching.files_version(root, FOLDERS)
    (root / "dashboard" / "__pycache__").mkdir()
    (root / "dashboard" / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"\x00compiled")
    assert caching.files_version(root, FOLDERS) == before
