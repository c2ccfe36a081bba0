"""What `vru-etl returns import` says while it checks returns (etl/returns/commands.py progress_printer)."""

from __future__ import annotations

import io
import re

from etl.returns.commands import progress_printer


def test_import_says_how_far_it_has_got_at_the_start_and_each_tenth_of_the_way():
    stream = io.StringIO()
    report = progress_printer(stream)
    for done in range(370):
        report(done, 369)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11, lines
    assert lines[0].startswith("checked 0 of 369 return(s)")
    assert lines[-1].startswith("checked 369 of 369 return(s)")
    assert all(re.fullmatch(r"checked \d+ of 369 return\(s\), \d+ s", line) for line in lines)


def test_a_folder_with_no_return_says_so_once():
    stream = io.StringIO()
    report = progress_printer(stream)
    report(0, 0)
    report(0, 0)
    assert stream.getvalue() == "checked 0 of 0 return(s), 0 s\n"
