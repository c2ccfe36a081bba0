"""Progress display of an ETL run: a live list of stages on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.live import Live
from rich.table import Table


class Display:
    def __init__(self, *, stages, stream=None):
        self.stages = list(stages)
        self.console = Console(file=stream or sys.stderr)
        self.interactive = self.console.is_terminal
        self.current: str | None = None
        self.started: dict[str, float] = {}
        self.finished: dict[str, float] = {}
        self.last_note = ""
        self._live: Live | None = None

    def _table(self) -> Table:
        t = Table.grid(padding=(0, 2))
        for name in self.stages:
            if name in self.finished:
                t.add_row("[green]done[/]", name, f"{self.finished[name]:.1f} s")
            elif name == self.current:
                t.add_row("[yellow]...[/]", name, f"{time.perf_counter() - self.started[name]:.1f} s  {self.last_note}")
            else:
                t.add_row("[dim]-[/]", f"[dim]{name}[/]", "")
        return t

    def _finish_current(self):
        if self.current:
            self.finished[self.current] = time.perf_counter() - self.started[self.current]

    def stage(self, name: str) -> None:
        self._finish_current()
        self.current = name
        self.last_note = ""
        self.started[name] = time.perf_counter()
        if self._live:
            self._live.update(self._table())
        else:
            self.console.print(f"vru-etl: {name}...", highlight=False)

    def note(self, text: str) -> None:
        self.last_note = text
        if self._live:
            self._live.update(self._table())
        else:
            self.console.print(f"vru-etl:   {text}", highlight=False)

    def __enter__(self):
        if self.interactive:
            self._live = Live(self._table(), console=self.console, refresh_per_second=8, transient=False)
            self._live.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._finish_current()
        if self._live:
            self._live.update(self._table())
            self._live.__exit__(exc_type, exc, tb)
        return False
