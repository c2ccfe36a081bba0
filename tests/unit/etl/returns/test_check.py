"""Checking a return: a good one passes, and each bad input is refused with its file, sheet and cell, or a clear
reason, so that nothing of it is imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl.demo import returns as demo_returns
from etl.returns import check, context, expected, safety, sheets, template
from tests.support import returns as support
from tests.support.extracts import AS_OF_DATE

PROVIDER, PERIOD = "PRV002", "2025-26 Q4"  # leads a programme with KPIs, delivers referrals, has a reviewed service


@pytest.fixture(scope="module")
def ctx(small_extracts_master) -> context.Context:
    return context.load(small_extracts_master)


@pytest.fixture(scope="module")
def good(ctx, tmp_path_factory) -> Path:
    """PRV002's return for 2025-26 Q4, filled in from the extracts."""
    obligation = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD)
    out = tmp_path_factory.mktemp("good")
    return template.write(obligation, out, rows=demo_returns.filled_rows(ctx.raw, obligation))


def _check(path: Path, ctx, **options) -> check.CheckResult:
    return check.check_file(path, ctx, as_of=AS_OF_DATE, **options)


def _only(result: check.CheckResult) -> tuple:
    assert result.outcome == check.REFUSED, [f.describe() for f in result.findings]
    return {(f.rule, f.sheet, f.cell) for f in result.errors}


def test_a_return_filled_in_from_the_extracts_is_accepted(good, ctx):
    """Given a return filled in from the extracts the VRU holds, when checked, then it has no error."""
    result = _check(good, ctx, provider=PROVIDER, period=PERIOD)
    assert result.errors == [], [f.describe() for f in result.errors]
    assert set(result.frames) == {"kpi_measurements", "participants", "services", "service_sites", "service_reviews"}


@pytest.fixture
def copy(good, tmp_path):
    def make(sheet: str | None = None, cells: dict | None = None, edit=None) -> Path:
        wb = openpyxl.load_workbook(good)
        if sheet and cells:
            for cell, value in cells.items():
                wb[sheet][cell] = value
        if edit:
            edit(wb)
        target = tmp_path / good.name
        wb.save(target)
        return target

    return make


def test_a_wrong_template_version_is_refused_at_the_identity(copy, ctx):
    path = copy(sheets.IDENTITY_SHEET, {"B2": str(sheets.TEMPLATE_VERSION + 1)})
    assert _only(_check(path, ctx)) == {("template_version", sheets.IDENTITY_SHEET, "B1:B4")}


def test_another_providers_template_is_refused(good, ctx):
    result = _check(good, ctx, provider="PRV003")
    assert _only(result) == {("wrong_provider", sheets.IDENTITY_SHEET, "B1:B4")}
    assert "another provider's template" in result.errors[0].expected


def test_another_quarters_template_is_refused(good, ctx):
    result = _check(good, ctx, period="2025-26 Q3")
    assert _only(result) == {("wrong_period", sheets.IDENTITY_SHEET, "B1:B4")}


def test_a_renamed_sheet_is_refused_naming_the_sheet_it_should_be(copy, ctx):
    def rename(wb):
        wb["Referrals"].title = "Referrals Q4"

    result = _check(copy(edit=rename), ctx)
    assert _only(result) == {("missing_sheet", "Referrals", None)}
    assert result.errors[0].value == "Referrals Q4"


def test_a_missing_sheet_is_refused(copy, ctx):
    def delete(wb):
        del wb["Services"]

    assert _only(_check(copy(edit=delete), ctx)) == {("missing_sheet", "Services", None)}


def test_an_inserted_column_is_refused_at_the_header_it_moved(copy, ctx):
    def insert(wb):
        wb["KPI returns"].insert_cols(6)

    found = _only(_check(copy(edit=insert), ctx))
    assert ("wrong_columns", "KPI returns", "F3") in found


def test_a_deleted_column_is_refused_at_the_header_it_moved(copy, ctx):
    def delete(wb):
        wb["Referrals"].delete_cols(2)

    found = _only(_check(copy(edit=delete), ctx))
    assert ("wrong_columns", "Referrals", "B3") in found


def test_merged_cells_are_refused_with_their_range(copy, ctx):
    def merge(wb):
        wb["Referrals"].merge_cells("F4:G5")

    assert _only(_check(copy(edit=merge), ctx)) == {("merged_cells", "Referrals", "F4:G5")}


def test_a_date_typed_as_text_is_refused_at_its_cell(copy, ctx):
    result = _check(copy("Referrals", {"H4": "31/01/2026"}), ctx)
    assert ("date_as_text", "Referrals", "H4") in _only(result)
    assert next(f for f in result.errors if f.cell == "H4").value == "31/01/2026"


def test_a_number_stored_as_text_is_taken_only_where_it_parses_exactly(copy, ctx):
    """Given a KPI value stored as text, then '72.5' is read as 72.5 and '1,234' is refused at its cell."""
    exact = _check(copy("KPI returns", {"F4": "72.5"}), ctx)
    assert not [f for f in exact.errors if f.cell == "F4"]
    assert exact.frames["kpi_measurements"].frame.loc[2, "value"] == "72.5"
    found = _only(_check(copy("KPI returns", {"F4": "1,234"}), ctx))
    assert ("wrong_type", "KPI returns", "F4") in found


def test_an_excel_date_serial_becomes_its_date(copy, ctx):
    result = _check(copy("Referrals", {"H4": 46053}), ctx)  # 2026-01-31
    assert not [f for f in result.errors if f.cell == "H4"]
    assert result.frames["participants"].frame.loc[2, "referral_date"] == "2026-01-31"


def test_a_formula_without_a_value_is_refused_at_its_cell(copy, ctx):
    assert _only(_check(copy("KPI returns", {"F4": "=40*2"}), ctx)) == {("formula_without_value", "KPI returns", "F4")}


def test_a_macro_enabled_workbook_is_refused(good, ctx, tmp_path):
    def add_macros(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return data

    path = support.rezip(good, tmp_path / "return.xlsm", change=add_macros)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    result = _check(path, ctx)
    assert [(f.rule, f.file) for f in result.errors] == [("macro_workbook", "return.xlsm")]


def test_a_corrupt_file_is_refused(good, ctx, tmp_path):
    path = tmp_path / "return.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert [f.rule for f in _check(path, ctx).errors] == ["corrupt_file"]


def test_a_decompression_bomb_is_refused_before_it_is_read(good, ctx, tmp_path):
    """Given a part that inflates a thousand times over, then the file is refused from the archive's directory."""

    def inflate(name, data):
        return data + b" " * (4 * 1024 * 1024) if name == "xl/worksheets/sheet2.xml" else data

    result = _check(support.rezip(good, tmp_path / "bomb.xlsx", change=inflate), ctx)
    assert [f.rule for f in result.errors] == ["decompression_bomb"]
    assert "compressed" in result.errors[0].value


def test_a_60_mb_file_is_refused_by_its_size(ctx, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    result = _check(path, ctx)
    assert [(f.rule, f.value) for f in result.errors] == [("file_too_large", "60.0 MB")]


def test_a_legacy_xls_workbook_is_refused(ctx, tmp_path):
    path = tmp_path / "return.xls"
    path.write_bytes(safety.OLE2_MAGIC + b"\x00" * 512)
    assert [f.rule for f in _check(path, ctx).errors] == ["legacy_workbook"]


def _csv(tmp_path: Path, *, encoding_line: str, body: str, encoding: str) -> Path:
    header = ",".join(sheets.SERVICES.headers)
    first = (
        f"#{sheets.TEMPLATE_ID};version={sheets.TEMPLATE_VERSION};provider_id={PROVIDER};period={PERIOD};"
        f"sheet=Services{encoding_line}"
    )
    path = tmp_path / "services.csv"
    path.write_bytes(f"{first}\n{header}\n{body}\n".encode(encoding))
    return path


def _service_row(ctx, *, eligibility: str) -> str:
    services = ctx.raw["services"].set_index("service_id")
    service = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD).services[0]
    row = [service, *(services.loc[service, c] for c in sheets.SERVICE_DETAILS)]
    row[sheets.SERVICES.headers.index("eligibility")] = eligibility
    return ",".join(f'"{v}"' if isinstance(v, str) else "" for v in row) + ","


def test_a_windows_1252_csv_that_does_not_say_so_is_refused_at_the_byte(ctx, tmp_path):
    path = _csv(
        tmp_path, encoding_line="", body=_service_row(ctx, eligibility="Young people in Café areas"), encoding="cp1252"
    )
    result = _check(path, ctx)
    assert [(f.rule, f.sheet, f.cell) for f in result.errors] == [("file_encoding", "services.csv", "G3")]
    assert "0xE9" in result.errors[0].value


def test_a_windows_1252_csv_that_says_so_is_read(ctx, tmp_path):
    path = _csv(
        tmp_path,
        encoding_line=";encoding=windows-1252",
        body=_service_row(ctx, eligibility="Young people in Café areas"),
        encoding="cp1252",
    )
    result = _check(path, ctx)
    assert result.errors == [], [f.describe() for f in result.errors]
    assert result.frames["services"].frame["eligibility"].iloc[0] == "Young people in Café areas"
