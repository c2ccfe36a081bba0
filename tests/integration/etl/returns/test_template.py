"""A return template read back by two other readers: LibreOffice opens and converts it, and its XML (read here with
the standard library, not openpyxl, which wrote it) holds the dropdowns, the locked cells and the hidden identity."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from etl.returns import context, expected, sheets, template

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PROVIDER, PERIOD = "PRV002", "2025-26 Q4"


@pytest.fixture(scope="module")
def made(small_extracts_master, tmp_path_factory) -> Path:
    ctx = context.load(small_extracts_master)
    obligation = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD)
    return template.write(obligation, tmp_path_factory.mktemp("template"))


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))


def _sheet_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    book = _xml(archive, "xl/workbook.xml")
    rels = {r.get("Id"): r.get("Target") for r in _xml(archive, "xl/_rels/workbook.xml.rels")}
    rid = next(s.get(f"{REL}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == name)
    return _xml(archive, "xl/" + rels[rid].lstrip("/").removeprefix("xl/"))


def test_libreoffice_opens_the_template_and_converts_it(made, tmp_path):
    """Given a template, when LibreOffice converts it headless to CSV, then it succeeds and the CSV has the About
    sheet's first line."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: bash scripts/test-system-deps.sh installs it"
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(made),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    out = tmp_path / made.with_suffix(".csv").name
    assert done.returncode == 0 and out.exists(), done.stderr
    assert out.read_text(encoding="utf-8", errors="replace").lstrip('"').startswith("VRU provider return")


def test_dropdowns_read_named_ranges_on_the_hidden_lists_sheet(made):
    """Given the template's XML, then the gender column of Referrals has a list validation on the named range
    list_gender, which holds the contract's genders on the hidden Lists sheet, with an input message and a stop
    alert."""
    with zipfile.ZipFile(made) as archive:
        book = _xml(archive, "xl/workbook.xml")
        names = {d.get("name"): d.text for d in book.iter(f"{MAIN}definedName")}
        states = {s.get("name"): s.get("state") for s in book.iter(f"{MAIN}sheet")}
        referrals = _sheet_xml(archive, "Referrals")
        lists = _sheet_xml(archive, sheets.LISTS_SHEET)
        strings = (
            [si.findtext(f".//{MAIN}t") for si in _xml(archive, "xl/sharedStrings.xml")]
            if ("xl/sharedStrings.xml" in archive.namelist())
            else []
        )
    gender = sheets.REFERRALS.letter("gender")
    validation = next(
        v
        for v in referrals.iter(f"{MAIN}dataValidation")
        if v.get("sqref", "").startswith(f"{gender}{sheets.FIRST_DATA_ROW}:")
    )
    assert validation.get("type") == "list" and validation.findtext(f"{MAIN}formula1") == "list_gender"
    assert validation.get("showErrorMessage") == "1" and validation.get("showInputMessage") == "1"
    assert validation.get("errorStyle", "stop") == "stop" and validation.get("prompt")
    match = re.fullmatch(r"'?Lists'?!\$([A-Z]+)\$2:\$\1\$(\d+)", names["list_gender"])
    assert match and int(match.group(2)) == 4
    assert states[sheets.LISTS_SHEET] == "hidden" and states[sheets.IDENTITY_SHEET] == "hidden"

    def text(cell):
        inline = cell.findtext(f".//{MAIN}t")
        return inline if inline is not None else strings[int(cell.findtext(f"{MAIN}v"))]

    column = [text(c) for c in lists.iter(f"{MAIN}c") if re.match(rf"{match.group(1)}\d+$", c.get("r"))]
    assert column == ["gender", "Female", "Male", "Other or not stated"]
    # The boroughs' list is longer than a validation may hold itself (255 characters): it is behind its name too.
    borough = sheets.REFERRALS.letter("borough_code")
    assert any(
        v.findtext(f"{MAIN}formula1") == "list_borough_code" and v.get("sqref", "").startswith(borough)
        for v in referrals.iter(f"{MAIN}dataValidation")
    )


def test_headers_and_keys_are_locked_and_entries_open(made):
    """Given the KPI sheet's XML, then the sheet is protected, its header and pre-filled keys are locked, and its value
    column is unlocked down to the last row."""
    with zipfile.ZipFile(made) as archive:
        styles = _xml(archive, "xl/styles.xml")
        kpis = _sheet_xml(archive, "KPI returns")
    xfs = list(styles.find(f"{MAIN}cellXfs"))

    def locked(style_id: str | None) -> bool:
        protection = xfs[int(style_id or 0)].find(f"{MAIN}protection")
        return protection is None or protection.get("locked", "1") != "0"

    assert kpis.find(f"{MAIN}sheetProtection").get("sheet") == "1"
    cells = {c.get("r"): c.get("s") for c in kpis.iter(f"{MAIN}c")}
    key, value = sheets.KPI_RETURNS.letter("kpi_id"), sheets.KPI_RETURNS.letter("value")
    assert locked(cells[f"{key}{sheets.HEADER_ROW}"]) and locked(cells[f"{value}{sheets.HEADER_ROW}"])
    assert locked(cells[f"{key}{sheets.FIRST_DATA_ROW}"])
    assert not locked(cells[f"{value}{sheets.FIRST_DATA_ROW}"])
    number = ord(value) - 64
    column = next(c for c in kpis.iter(f"{MAIN}col") if int(c.get("min")) <= number <= int(c.get("max")))
    assert not locked(column.get("style"))


def test_the_hidden_identity_names_template_version_provider_and_quarter(made):
    import python_calamine

    grid = python_calamine.CalamineWorkbook.from_path(str(made)).get_sheet_by_name(sheets.IDENTITY_SHEET).to_python()
    assert {r[0]: r[1] for r in grid[:4]} == {
        "template": sheets.TEMPLATE_ID,
        "version": str(sheets.TEMPLATE_VERSION),
        "provider_id": PROVIDER,
        "period": PERIOD,
    }
