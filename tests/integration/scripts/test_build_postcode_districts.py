"""scripts/build_postcode_districts.py, run as a process on a few rows in the ONS postcode lookup's format."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support import ROOT


@pytest.mark.integration  # starts the builder script in a process
def test_the_builder_reads_the_ons_postcode_lookup_format(tmp_path):
    """The production source (ONS NSPL): live postcodes only, ordered by how many postcodes each borough has."""
    nspl = tmp_path / "nspl.csv"
    nspl.write_text(
        "pcd,pcds,doterm,laua\n"
        "SE1  7PB,SE1 7PB,,E09000028\nSE1  7PC,SE1 7PC,,E09000028\nSE1  8AA,SE1 8AA,,E09000022\n"
        "SE1  9ZZ,SE1 9ZZ,200012,E09000033\n"  # terminated: ignored
        "M1   1AE,M1 1AE,,E08000003\n"
    )  # outside London: ignored
    out = tmp_path / "districts.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_postcode_districts.py"), "--nspl", str(nspl), "--out", str(out)],
        check=True,
    )
    assert out.read_text() == "postcode_district,borough_code\nSE1,E09000028\nSE1,E09000022\n"
