"""Build dashboard/register/reference/postcode_districts.csv: which London boroughs each postcode
district serves, for the services directory's postcode search (dashboard/register/postcodes.py).

Two sources, one output (`postcode_district,borough_code`, the borough serving most of
the district first):

- default: the npm package `london-districts` 1.0.0 (ISC; its data are Wikipedia's "List
  of areas of London", CC BY-SA), fetched with `npm pack`. A district serves a borough
  when one of the borough's listed places lies in it.
- `--nspl FILE`: ONS's National Statistics Postcode Lookup (CSV, OGL), the authoritative
  source for a production deployment: a district serves a borough when any live postcode
  in it (`doterm` empty) has that borough as `laua`; ordered by number of postcodes.

    .venv/bin/python scripts/build_postcode_districts.py [--nspl NSPL.csv]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dashboard" / "reference" / "postcode_districts.csv"
BOROUGHS = ROOT / "etl" / "reference" / "london_boroughs.csv"
PACKAGE = "london-districts@1.0.0"
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
# Names in Wikipedia's list that are not the boroughs' own names.
ALIASES = {"City": "City of London"}
# Districts that serve London but name no place in Wikipedia's list, added by hand (the
# City's EC2, the Olympic Park's E20, Heathrow's TW6); an NSPL build makes this moot.
MISSING_FROM_LIST = {"EC2": ("City of London", "Hackney", "Islington"), "E20": ("Newham",), "TW6": ("Hillingdon",)}


def borough_codes() -> dict[str, str]:
    with BOROUGHS.open(newline="") as f:
        return {row["name"]: row["gss_code"] for row in csv.DictReader(f)}


def split_boroughs(text: str, codes: dict[str, str]) -> list[str]:
    """'Barnet, Brent, Camden', 'Brent and Ealing', 'Islington & City' -> GSS codes; a
    borough whose own name has 'and' in it (Barking and Dagenham) stays whole."""
    names = []
    for part in re.split(r",\s*|\s+&\s+", text.strip()):
        part = ALIASES.get(part, part)
        if part in codes:
            names.append(part)
            continue
        halves = [ALIASES.get(h, h) for h in part.split(" and ")]
        unknown = [h for h in halves if h not in codes]
        if unknown:
            raise SystemExit(f"unknown borough name {unknown[0]!r} in {text!r}: add it to ALIASES")
        names.extend(halves)
    return [codes[n] for n in names]


def from_london_districts(places: list[dict], codes: dict[str, str]) -> dict[str, collections.Counter]:
    served: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for place in places:
        districts = [d for d in re.split(r"[,/\s]+", place["postcodeDistrict"]) if DISTRICT.match(d)]
        for district in districts:  # e.g. "SE" alone (Honor Oak) names no district and is skipped
            for code in split_boroughs(place["borough"], codes):
                served[district][code] += 1
    for district, names in MISSING_FROM_LIST.items():
        if district not in served:
            served[district].update({codes[n]: len(names) - i for i, n in enumerate(names)})
    return served


def from_nspl(path: Path, codes: dict[str, str]) -> dict[str, collections.Counter]:
    london = set(codes.values())
    served: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with path.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row.get("doterm") or row["laua"] not in london:
                continue
            served[row["pcds"].split()[0].upper()][row["laua"]] += 1
    return served


def fetch_london_districts() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        with tarfile.open(next(Path(tmp).glob("*.tgz"))) as tar:
            return json.load(tar.extractfile("package/districts.json"))


def write(served: dict[str, collections.Counter], out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with out.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["postcode_district", "borough_code"])
        for district in sorted(served, key=lambda d: (re.sub(r"\d.*", "", d), int(re.search(r"\d+", d).group()), d)):
            for code, _ in sorted(served[district].items(), key=lambda kv: (-kv[1], kv[0])):
                writer.writerow([district, code])
                rows += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--nspl", type=Path, help="ONS National Statistics Postcode Lookup CSV (columns pcds, laua, doterm)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    codes = borough_codes()
    served = from_nspl(args.nspl, codes) if args.nspl else from_london_districts(fetch_london_districts(), codes)
    rows = write(served, args.out)
    shared = sum(len(c) > 1 for c in served.values())
    print(
        f"{args.out}: {len(served)} postcode districts, {rows} rows, {shared} districts serve more than one borough",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
