"""A release's tables, all of them, for one database: the internal one (true figures, the reviewers' notes and
the data-quality findings) or the public one (protected figures).

`release_tables` is what a run calls; `etl.load` writes what it returns.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.publish import kpis, lcpf, programme_summary, programmes, services


def data_quality_findings(findings) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": f.file,
                "row_number": f.row,
                "column_name": f.column,
                "value": f.value,
                "expected": f.expected,
                "rule": f.rule,
                "severity": f.severity,
                "provider_id": f.provider_id,
                "service_id": f.service_id,
            }
            for f in findings
        ],
        columns=[
            "file",
            "row_number",
            "column_name",
            "value",
            "expected",
            "rule",
            "severity",
            "provider_id",
            "service_id",
        ],
    )


def release_tables(
    frames, cells: pd.DataFrame, *, protected: bool, findings=(), as_of: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of one database's release, keyed by table name."""
    tables = {
        "published_counts": programmes.published_counts(cells, protected=protected),
        "programmes": programmes.programmes(frames),
        "providers": programmes.providers(frames),
        "boroughs": programmes.boroughs(),
        "kpi_progress": kpis.kpi_progress(frames, protected=protected),
        "spend_summary": programmes.spend_summary(frames, cells, protected=protected),
        "borough_summary": programmes.borough_summary(cells, protected=protected),
        "services": services.services(frames, as_of=as_of),
        "service_sites": services.service_sites(frames),
        "funding_opportunities": services.funding_opportunities(frames),
        "lcpf_funding": lcpf.funding(frames),
    }
    tables["lcpf_summary"] = lcpf.summary(tables["lcpf_funding"])
    tables |= {"service_reviews": services.service_reviews(frames), "service_grants": services.service_grants(frames)}
    # From the tables above as this database holds them: the public one's from the protected figures.
    tables["programme_summary"] = programme_summary.programme_summary(tables, frames["programmes"])
    if not protected:
        tables["service_review_notes"] = services.service_review_notes(frames)
    if not protected:
        tables["data_quality_findings"] = data_quality_findings(findings)
    return tables
