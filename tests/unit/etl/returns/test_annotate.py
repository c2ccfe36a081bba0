"""The annotated copy of a faulty return: each faulty cell filled, with a comment that says what was found and
expected, and a Findings sheet whose links lead to those cells."""

from __future__ import annotations

import openpyxl
import pytest

from etl.demo import returns as demo_returns
from etl.returns import annotate, check, context, expected, sheets, template
from tests.support.extracts import AS_OF_DATE

PROVIDER, PERIOD = "PRV002", "2025-26 Q4"


@pytest.fixture(scope="module")
def faulty(small_extracts_master, tmp_path_factory) -> check.CheckResult:
    ctx = context.load(small_extracts_master)
    obligation = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD)
    rows = demo_returns.filled_rows(ctx.raw, obligation)
    rows["Referrals"][0]["gender"] = "unknown"
    rows["Referrals"][1]["referral_date"] = "31/01/2026"
    path = template.write(obligation, tmp_path_factory.mktemp("faulty"), rows=rows)
    return check.check_file(path, ctx, as_of=AS_OF_DATE)


def test_each_faulty_cell_is_filled_and_commented_and_linked(faulty, tmp_path):
    """Given a return with a wrong gender and a date typed as text, when annotated, then both cells are filled and
    carry a comment naming the rule, and the Findings sheet comes first with a link to each."""
    assert {(f.rule, f.cell) for f in faulty.errors} == {("allowed_values", "F4"), ("date_as_text", "H5")}
    wb = openpyxl.load_workbook(annotate.write(faulty, tmp_path))
    assert wb.sheetnames[0] == annotate.FINDINGS_SHEET
    for cell, rule in (("F4", "allowed_values"), ("H5", "date_as_text")):
        marked = wb["Referrals"][cell]
        assert marked.fill.fgColor.rgb.endswith(annotate.FILLS["blocks the return"].fgColor.rgb[-6:])
        assert marked.comment.text.startswith(f"ERROR [{rule}]")
    links = {
        c.hyperlink.location if c.hyperlink.location else c.hyperlink.target
        for row in wb[annotate.FINDINGS_SHEET].iter_rows(min_row=annotate.HEADER_ROW + 1)
        for c in row
        if c.hyperlink
    }
    assert links == {"'Referrals'!F4", "'Referrals'!H5"}


def test_a_finding_on_the_hidden_identity_is_marked_on_a_sheet_shown(small_extracts_master, tmp_path):
    """Given a return on another version of the template, when annotated, then the identity sheet, hidden in the
    template, is shown with its first identity cell filled, and the Findings sheet links to it."""
    ctx = context.load(small_extracts_master)
    obligation = expected.obligation(ctx.typed, provider_id=PROVIDER, period=PERIOD)
    sent = template.write(obligation, tmp_path / "sent")
    wb = openpyxl.load_workbook(sent)
    wb[sheets.IDENTITY_SHEET]["B2"] = str(sheets.TEMPLATE_VERSION + 1)
    wb.save(sent)
    result = check.check_file(sent, ctx, as_of=AS_OF_DATE)
    assert [(f.rule, f.cell) for f in result.errors] == [("template_version", "B1:B4")]
    wb = openpyxl.load_workbook(annotate.write(result, tmp_path / "checked"))
    identity = wb[sheets.IDENTITY_SHEET]
    assert identity.sheet_state == "visible"
    assert identity["B1"].comment.text.startswith("ERROR [template_version]")
    links = [c.hyperlink.location for row in wb[annotate.FINDINGS_SHEET].iter_rows() for c in row if c.hyperlink]
    assert links == [f"'{sheets.IDENTITY_SHEET}'!B1"]
