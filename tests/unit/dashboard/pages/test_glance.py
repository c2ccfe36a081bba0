"""Programmes at a glance's words (dashboard/pages/glance.py): each KPI count with its icon, never an icon that says
the opposite of its words."""

from __future__ import annotations

from dash import html

from dashboard.data.vocabulary import RAG_ICONS
from dashboard.pages import glance


def _icons(parts: list) -> list[str]:
    out = []
    for part in parts:
        if isinstance(part, html.Span):
            out += [part.children] if isinstance(part.children, str) else _icons(part.children)
        elif isinstance(part, list):
            out += _icons(part)
    return out


def _row(on_track: int, at_risk: int = 0, off_track: int = 0, not_rated: int = 0) -> dict:
    kpis = on_track + at_risk + off_track + not_rated
    return {
        "kpis": kpis,
        "kpis_on_track": on_track,
        "kpis_at_risk": at_risk,
        "kpis_off_track": off_track,
        "kpis_not_rated": not_rated,
    }


def test_kpis_on_track_have_the_tick_and_each_other_rating_its_own_icon():
    parts = glance.kpi_words(_row(1, at_risk=1))
    assert " 1 of 2 on track" in parts
    assert _icons(parts) == [RAG_ICONS["green"], RAG_ICONS["amber"]]


def test_with_no_kpi_on_track_there_is_no_tick():
    parts = glance.kpi_words(_row(0, off_track=1))
    assert " 0 of 1 on track" in parts
    assert _icons(parts) == [RAG_ICONS["red"]]


def test_a_programme_without_kpis_says_so():
    assert glance.kpi_words(_row(0)) == ["no KPI return this year"]
