"""The six-monthly report to the Police and Crime Committee, which asked for a performance measure and a
rating of every commissioned service: every commissioned service of
a release with its rating for one half-year, as rows (pure functions), and the report's files:
CSV and XLSX (one row per service, every column, the release and licence in the file) and a PDF
made on the server with WeasyPrint from the same rows.

`register(server)` adds /services/report.csv, .xlsx and .pdf (?period=2025-26 H1; the latest half by
default); the page itself is dashboard/pages/committee_report.py. An unknown period is a 404 with
the periods there are, never a 500. The PDF is made once per release and period, and cached. In
internal mode the report and its files add the reviewers' notes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from flask import Flask, Response, abort, current_app, request

from dashboard.access import caching
from dashboard.data import built_files, cache, queries, release_context, state
from dashboard.register import reviews
from dashboard.ui import components, documents, filters, formats

TITLE = "Commissioned services: performance and ratings"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (key, heading) of every column of the report, in order; the files have all of them.
COLUMNS = [
    ("commissioner", "Commissioner"),
    ("service_area", "Service area"),
    ("service_id", "Service id"),
    ("name", "Service"),
    ("provider_name", "Provider"),
    ("award", "Grant or contract"),
    ("annual_value", "Funding per year (£)"),
    ("funding_stream", "Funding stream"),
    ("contract_start", "Contract start"),
    ("contract_end", "Contract end"),
    ("length", "Contract length"),
    ("performance_measure", "Performance measure"),
    ("value", "Value"),
    ("target", "Target"),
    ("rating", "Rating"),
    ("rag_rule", "Rating rule"),
    ("previous", "Previous rating"),
    ("change_words", "Change since the previous period"),
    ("review_date", "Review date"),
]
NOTE_COLUMN = ("reviewer_note", "Reviewer's note (internal)")


class UnknownPeriod(Exception):
    """The period asked for has no reviews in this release."""


@dataclass(frozen=True)
class Report:
    period: str
    periods: list[str]  # every half with reviews, newest first
    rows: pd.DataFrame  # services reviewed in the period
    unreviewed: pd.DataFrame  # services running in the period with no review
    summary: pd.DataFrame  # per rating: services now, at the previous report, annual value now
    moves: dict  # improved / declined / unchanged counts
    internal: bool

    @property
    def columns(self) -> list[tuple[str, str]]:
        return COLUMNS + ([NOTE_COLUMN] if self.internal else [])

    @property
    def previous_period(self) -> str:
        return previous_half(self.period)


def previous_half(period: str) -> str:
    """'2025-26 H1' -> '2024-25 H2'; '2025-26 H2' -> '2025-26 H1'."""
    start, h = int(period[:4]), period[-1]
    return f"{start}-{(start + 1) % 100:02d} H1" if h == "2" else f"{start - 1}-{start % 100:02d} H2"


def _length(start: str, end: str) -> str:
    """'3 years 2 months': whole months from the contract's start to the day after it ends."""
    s, e = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    months = (e.year - s.year) * 12 + e.month - s.month - (e.day < s.day)
    years, months = divmod(max(months, 0), 12)
    parts = ([f"{years} year{'s' if years != 1 else ''}"] if years else []) + (
        [f"{months} month{'s' if months != 1 else ''}"] if months else []
    )
    return " ".join(parts) or "under a month"


def _number(value) -> str:
    return formats.measure(value, missing="")


def build(
    services: pd.DataFrame, all_reviews: pd.DataFrame, *, period: str | None, notes: pd.DataFrame | None = None
) -> Report:
    """The report for `period` (default: the latest half with reviews): one row per service whose contract ran then."""
    periods = reviews.periods(all_reviews)
    if not periods:
        raise UnknownPeriod("this release has no service reviews")
    period = period or periods[0]
    if period not in periods:
        raise UnknownPeriod(f"no service was reviewed in {period!r}")
    this = all_reviews[all_reviews["period"] == period]
    rows = services.merge(this, on="service_id", suffixes=("_register", ""))
    rows = rows.assign(
        award=rows["award_type"].fillna("").str.capitalize(),
        annual_value=rows["annual_value_gbp"].round(0).astype("int64"),
        length=[_length(s, e) for s, e in zip(rows["contract_start"], rows["contract_end"])],
        value=rows["performance_value"].map(_number),
        target=rows["performance_target"].map(_number),
        rating=[
            reviews.rating_with_icon(r) if ok else "No review this period"
            for r, ok in zip(rows["rag_rating"], rows["reviewed"])
        ],
        previous=[reviews.rating_text(p) if isinstance(p, str) else "No review" for p in rows["previous_rating"]],
        change_words=[reviews.change_text(c, p) for c, p in zip(rows["change"], rows["previous_rating"])],
        review_date=rows["review_date"].fillna(""),
        rag_rule=rows["rag_rule"].fillna(""),
    )
    if notes is not None:
        rows = rows.merge(
            notes[notes["period"] == period][["service_id", "reviewer_note"]], on="service_id", how="left"
        )
        rows["reviewer_note"] = rows["reviewer_note"].fillna("")
    rows = rows.sort_values(["commissioner", "service_area", "name"]).reset_index(drop=True)
    reviewed = rows[rows["reviewed"].astype(bool)]
    before = all_reviews[(all_reviews["period"] == previous_half(period)) & all_reviews["reviewed"].astype(bool)]
    summary = pd.DataFrame(
        {
            "rating": list(reviews.RATINGS),
            "services": [int((reviewed["rag_rating"] == r).sum()) for r in reviews.RATINGS],
            "previous": [int((before["rag_rating"] == r).sum()) for r in reviews.RATINGS],
            "annual_value_gbp": [
                float(reviewed.loc[reviewed["rag_rating"] == r, "annual_value_gbp"].sum()) for r in reviews.RATINGS
            ],
        }
    )
    moves = {k: int((reviewed["change"] == k).sum()) for k in ("improved", "declined", "unchanged")}
    return Report(
        period=period,
        periods=periods,
        rows=reviewed.reset_index(drop=True),
        unreviewed=rows[~rows["reviewed"].astype(bool)].reset_index(drop=True),
        summary=summary,
        moves=moves,
        internal=notes is not None,
    )


def groups(report: Report) -> list[tuple[str, str, pd.DataFrame]]:
    """(commissioner, service area, rows) in the report's order."""
    return [(c, a, g) for (c, a), g in report.rows.groupby(["commissioner", "service_area"], sort=True)]


def summary_sentences(report: Report) -> list[str]:
    """The summary at the top of the report, in words."""
    out = []
    for _, r in report.summary.iterrows():
        diff = r["services"] - r["previous"]
        since = "the same as" if diff == 0 else f"{abs(diff)} {'more' if diff > 0 else 'fewer'} than"
        out.append(
            f"{reviews.rating_text(r['rating'])}: {r['services']} service{'s' if r['services'] != 1 else ''} "
            f"({since} {r['previous']} in {report.previous_period}), {formats.money(r['annual_value_gbp'])} a year."
        )
    m = report.moves
    out.append(
        f"Since the previous review: {m['improved']} improved, {m['declined']} declined, {m['unchanged']} unchanged."
    )
    out.append(
        f"{len(report.unreviewed)} service{'s were' if len(report.unreviewed) != 1 else ' was'} not reviewed in "
        f"{report.period}: listed apart below."
    )
    return out


# ------------------------------------------------------------------ files
def _safe(value):
    """Text a spreadsheet would run as a formula is written with a leading apostrophe, as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table(report: Report) -> pd.DataFrame:
    """One row per service running in the period (reviewed first, then those with no review), every column."""
    rows = pd.concat([report.rows, report.unreviewed], ignore_index=True)
    out = pd.DataFrame({label: rows[key].map(_safe) for key, label in report.columns})
    out["Reviewed in the period"] = ["yes" if r else "no" for r in rows["reviewed"]]
    out["Period"] = report.period
    return out


def _about(report: Report, release: dict) -> pd.DataFrame:
    items = [
        ("Title", f"{TITLE}, {report.period} ({reviews.period_words(report.period)})"),
        ("Source", components.SOURCE),
        ("Release", f"{release['release_id']} of {str(release['created_at'])[:10]}"),
        (
            "Licence",
            components.licence_text() if report.internal else f"{components.LICENCE} ({components.LICENCE_URL})",
        ),
        ("Services", f"{len(report.rows)} reviewed, {len(report.unreviewed)} not reviewed in the period"),
    ]
    if release.get("synthetic_data"):
        items.append(("Note", "Synthetic demonstration data, not real VRU data."))
    return pd.DataFrame(items, columns=["item", "value"])


def csv_bytes(report: Report, release: dict) -> bytes:
    data = table(report).assign(Release=int(release["release_id"]), Licence=components.licence_text())
    return data.to_csv(index=False).encode("utf-8")


def xlsx_bytes(report: Report, release: dict) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table(report).to_excel(writer, sheet_name="report", index=False)
        _about(report, release).map(_safe).to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


# Columns of the PDF: the report's, less the long rule text (the rule is the same for most services and is in the
# files).
# Commissioner and service area head each group, so they are not repeated in its rows.
PDF_LEFT_OUT = {"rag_rule", "service_id", "commissioner", "service_area"}


def html_for_pdf(report: Report, release: dict) -> str:
    created = str(release["created_at"])[:10]
    # The footer goes into a CSS string: only digits and dashes reach it (release id, ISO date).
    created_digits = "".join(ch for ch in created if ch.isdigit() or ch == "-")
    footer = f"London VRU, {TITLE}, {report.period}. Release {int(release['release_id'])} of {created_digits}"
    return documents.render(
        "committee_report.html",
        r=report,
        title=TITLE,
        period_words=reviews.period_words(report.period),
        release=release,
        created=created,
        source=f"Source: {components.SOURCE}",
        licence=components.licence_text(),
        synthetic=bool(release.get("synthetic_data")),
        marking=components.INTERNAL_MARKING,
        sentences=summary_sentences(report),
        groups=groups(report),
        footer=footer,
        columns=[c for c in report.columns if c[0] not in PDF_LEFT_OUT],
        money=formats.money,
    )


class PdfUnavailable(Exception):
    """This server cannot make PDFs: WeasyPrint or the Pango library it loads is missing."""


def pdf_bytes(report: Report, release: dict) -> bytes:
    try:
        import weasyprint  # imported on first use: it loads Pango, which only the PDF needs
    except (ImportError, OSError) as err:  # OSError: WeasyPrint installed, but no libpango on the host
        raise PdfUnavailable(str(err)) from err
    return weasyprint.HTML(string=html_for_pdf(report, release)).write_pdf()


# ------------------------------------------------------------------ routes
def for_request(period: str | None, *, pinned: str | None = None) -> tuple[Report, dict]:
    """The report of the live release (or a pinned one) for a period from the query string."""
    ctx = release_context.for_request(pinned)
    engine, rid = ctx.engine, ctx.release_id
    internal = ctx.internal  # a preview of a waiting release is the public's report, without reviewers' notes
    # Kept per release and period: a cached PDF is then served without a tenth of a second of pandas first.
    report = cache.memoize(
        "committee-report",
        (rid, period or "", internal),
        lambda: build(
            queries.services(engine, rid),
            reviews.service_reviews(engine, rid),
            period=period or None,
            notes=reviews.review_notes(engine, rid) if internal else None,
        ),
    )
    return report, ctx.release


FILES = {"csv": (csv_bytes, CSV_TYPE), "xlsx": (xlsx_bytes, XLSX_TYPE), "pdf": (pdf_bytes, "application/pdf")}
# A PDF takes one to two seconds of a worker's CPU: each is made once per release and period and cached, and
# a worker makes one at a time; asked for another meanwhile, it answers 503 and Retry-After (data/built_files.py).
PDFS = built_files.Builds("committee-report.pdf", at_once=1, retry_after=5)


def download(fmt: str):
    if fmt not in FILES:
        abort(404)
    params = filters.query_of(request.args)  # a repeated period names no period; a repeated release pins nothing
    period = params.get("period", "")
    if not isinstance(period, str):
        abort(404)
    if len(period) > 20:
        abort(400)
    try:
        report, release = for_request(period, pinned=filters.text(params, "release"))
    except UnknownPeriod:
        abort(404)
    pinned = int(release["release_id"]) != int(state.release()["release_id"])
    if unchanged := caching.vary_on(
        {"fmt": fmt, "period": report.period, "release": release["release_id"]}, pinned=pinned
    ):
        return unchanged
    make, mimetype = FILES[fmt]
    built = None
    try:
        if fmt == "pdf":
            built = PDFS.get((int(release["release_id"]), report.period), lambda: pdf_bytes(report, release))
        body = built.body if built else make(report, release)
    except built_files.Busy as busy:
        return Response(
            "The PDF is being made; try again in a few seconds.\n",
            status=503,
            mimetype="text/plain",
            headers={"Retry-After": str(busy.retry_after), "Cache-Control": "no-store"},
        )
    except PdfUnavailable:
        current_app.logger.exception("the Committee report's PDF cannot be made on this host")
        return Response(
            "This server cannot make the PDF at the moment. Print the report page from your browser "
            "(it has a print layout), or download the CSV or XLSX.\n",
            status=503,
            mimetype="text/plain",
        )
    response = Response(body, mimetype=mimetype.split(";")[0])
    response.headers["Content-Type"] = mimetype
    period = report.period.replace(" ", "-").lower()
    name = f"london-vru-services-report-{period}-release-{int(release['release_id'])}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Release-Id"] = str(int(release["release_id"]))
    if built:
        response.headers["X-Report-Cache"] = "hit" if built.cached else "miss"
        response.headers["Server-Timing"] = f"render;dur={built.seconds * 1000:.0f}"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/services/report.<fmt>", "services_report_file", download)
