"""Local services for a register larger than the demo's own (`vru-etl generate --services N`): MOPAC
commissions far more services than the VRU's programmes, and the services pages and the Open Referral feed
are measured at that scale. Each is a borough's own service, named as local services often are
("Hackney youth club"), run by one of the demo's voluntary-sector providers. Every value is invented."""

from __future__ import annotations

import pandas as pd

from etl import reference
from etl.contract.vocabulary import LONDON_WIDE
from etl.demo.calibration.providers import PROVIDERS
from etl.demo.register import service_row

# What a borough's service of each area is called.
KINDS = {
    "Youth work": ("youth club", "detached youth work", "youth hub", "holiday activities"),
    "Mentoring": ("mentoring project", "peer mentoring", "careers mentoring"),
    "Exploitation support": ("exploitation outreach", "safe spaces project"),
    "Custody and hospital intervention": ("custody navigators", "hospital youth workers"),
    "Parenting and families": ("parenting group", "family support service"),
    "Schools": ("school inclusion project", "transition support"),
    "Community projects": ("community safety project", "sports project", "arts project"),
    "Victim support": ("young victims service", "trauma support"),
}
LOCAL_PROVIDER_TYPES = ("Charity", "Community organisation", "Social enterprise")
# Local services are smaller than the programmes' own: with the demo's 29, 300 services come to about £80m a
# year, near the £90m MOPAC told the Police and Crime Committee it commissions.
ANNUAL_VALUE_GBP = (30_000, 400_000)
LONDON_WIDE_SHARE = 0.1  # a few are open to young people from anywhere in London
SHARED_SHARE = 0.3  # and some are shared with a neighbouring borough or two
FIRST_START, LAST_START = pd.Timestamp("2021-04-01"), pd.Timestamp("2025-04-01")


def local_services(rng, *, count: int, first_number: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """`count` local services numbered from `first_number` (SVC030...), in the register's columns."""
    boroughs = reference.boroughs()
    codes = boroughs["gss_code"].to_numpy()[1:]  # not the City of London, with few young residents
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    providers = [pid for pid, _name, kind in PROVIDERS if kind in LOCAL_PROVIDER_TYPES]
    pairs = [(code, area, kind) for code in codes for area, kinds in KINDS.items() for kind in kinds]
    order = rng.permutation(len(pairs))
    rows = []
    for i in range(count):
        code, area, kind = pairs[order[i % len(pairs)]]
        if rng.random() < LONDON_WIDE_SHARE:
            covered = LONDON_WIDE
        elif rng.random() < SHARED_SHARE:
            others = rng.choice(codes[codes != code], size=int(rng.integers(1, 3)), replace=False)
            covered = ";".join(sorted([code, *others]))
        else:
            covered = code
        commissioner = "VRU" if rng.random() < 0.6 else "MOPAC"
        start = FIRST_START + pd.Timedelta(days=int(rng.integers(0, (LAST_START - FIRST_START).days)))
        name = f"{'London' if covered == LONDON_WIDE else names[code]} {kind}"
        row = service_row(
            rng,
            first_number + i,
            name,
            providers[int(rng.integers(0, len(providers)))],
            None,
            f"{name[0].upper()}{name[1:]}: a local {area.lower()} service for young people, commissioned by "
            f"{commissioner}.",
            area,
            covered,
            commissioner,
            None,
            None,
            start.strftime("%Y-%m-%d"),
            as_of,
        )
        row["annual_value_gbp"] = round(float(rng.uniform(*ANNUAL_VALUE_GBP)), -3)
        rows.append(row)
    return pd.DataFrame(rows)
