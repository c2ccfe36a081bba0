"""/internal/providers (dashboard/internal/providers.py) on the small release: every provider's true figures, and
the providers of one programme compared, with the programme's average, sortable by any column."""

from __future__ import annotations

import re

import pytest

from tests.support.db import query
from tests.support.web import main_text, page_html


def test_provider_comparison_names_every_provider_of_a_multi_provider_programme_with_true_figures(
    signed_in, small_release
):
    """Given MyEnds (three providers), then each is named with its true (unrounded) reach, and the programme average is
    shown."""
    text = main_text(page_html(signed_in, "/internal/providers?programme=myends&year=2025-26"))
    rows = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT p.name, s.participants FROM provider_summary s JOIN providers p USING (release_id, provider_id) "
        "WHERE s.programme_id = 'myends' AND s.financial_year = '2025-26'",
    )
    assert len(rows) == 3
    for name, participants in rows:
        assert re.search(rf"{re.escape(name)} [0-9,]+ {participants:,} ", text), name
    assert "Programme average" in text and "KPIs against target" in text
    assert any(p % 5 for _, p in rows)  # true counts: not rounded to 5


def test_every_provider_table_prints_counts_and_money_as_the_comparison_does(signed_in, small_release):
    """/internal/providers lists every provider under the comparison's own headings and number formats: it had
    headings of its own for the same columns, and printed the demo release's 3807 beside £922,987. (The small
    release's counts are under 1,000; its sums of money are not.)"""
    html = page_html(signed_in, "/internal/providers?year=2025-26")
    table = html[html.index("Referrals, young people started, completions and spend by provider, 2025-26") :]
    table = table[: table.index("</table>")]
    headings = re.findall(r"<th[^>]*>([^<]+)</th>", table)
    assert headings == [
        "Programme",
        "Provider",
        "Young people started",
        "Referrals",
        "Completed",
        "Spend",
        "Spend per young person",
    ]
    ((largest,),) = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT max(participants) FROM provider_summary WHERE financial_year = '2025-26'",
    )
    assert f">{largest:,}<" in table
    assert not re.search(r">[0-9]{4,}<", table)  # no count or sum without its separators


def test_a_completion_rate_is_of_the_referrals_ended_so_never_over_100_percent(signed_in, small_release):
    """Completions over people started gave Stronger Futures' providers 120% on the demo release: the rate is
    now completions over leavers (referrals ended in the year, completed or withdrawn)."""
    rows = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT p.name, s.completions, s.leavers FROM provider_summary s JOIN providers p USING (release_id, "
        "provider_id) "
        "WHERE s.programme_id = 'myends' AND s.financial_year = '2025-26'",
    )
    assert rows and all(leavers is not None and completions <= leavers for _name, completions, leavers in rows), rows
    text = main_text(page_html(signed_in, "/internal/providers?programme=myends&year=2025-26"))
    for name, completions, leavers in rows:
        assert f" {completions:,} {100 * completions / leavers:.1f}% " in text.split(name, 1)[1][:120], name


@pytest.mark.parametrize(
    "sort", ["provider", "referrals", "completion_rate", "cost_per_completion_gbp", "returns", "nonsense"]
)
def test_provider_comparison_sorts_by_any_column_and_ignores_unknown_ones(signed_in, sort):
    html = page_html(signed_in, f"/internal/providers?programme=myends&sort={sort}&order=asc")
    assert 'aria-sort="' in html


def test_provider_comparison_sort_order_follows_the_column(signed_in):
    def order(direction):
        text = main_text(
            page_html(
                signed_in, f"/internal/providers?programme=myends&year=2025-26&sort=participants&order={direction}"
            )
        )
        names = ["Bridges Community Consortium", "Eastside Community Hubs", "Westway Youth Clubs"]
        table = text.split("Providers of MyEnds")[1]
        return sorted(names, key=table.index)

    assert order("asc") == list(reversed(order("desc")))
