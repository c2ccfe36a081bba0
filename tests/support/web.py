"""Requests to an app in this process (Flask's test client) and what they answer."""

from __future__ import annotations

import csv
import io


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
