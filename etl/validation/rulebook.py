"""Every cross-file rule the validator runs, in order: the extracts' rules (etl.validation.rules), then the
six-monthly reviews' (etl.validation.review_rules).

A module of its own because the review rules use etl.validation.rules' helpers: when etl.validation.rules listed them
too, the two modules imported each other (hidden inside a function).
"""

from __future__ import annotations

import datetime as dt

from etl.validation import review_rules, rules
from etl.validation.findings import Finding
from etl.validation.rules import Frames, Rule

RULES: tuple[Rule, ...] = rules.RULES + review_rules.RULES


def run_all(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """The findings of every rule on the typed frames (only those that passed their own schema)."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(frames, as_of=as_of))
    return found
