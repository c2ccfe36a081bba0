"""The synthetic services register: one row per commissioned service (each VRU programme's providers and
a few MOPAC services), then its details: who each service is for, how to get in, where it
runs, who owns the record and when it is next reviewed. Every value is invented; telephone numbers are
in Ofcom's range for drama (020 7946 0000 to 0999), so none rings a real line."""

from __future__ import annotations

import pandas as pd

from etl import reference
from etl.contract.vocabulary import AT_A_SITE, LONDON_WIDE
from etl.demo.calibration.programmes import PROGRAMMES
from etl.demo.calibration.providers import OTHER_SERVICES

# One well-known postcode district per borough, for invented site postcodes.
DISTRICTS = {
    "E09000001": "EC2",
    "E09000002": "IG11",
    "E09000003": "EN5",
    "E09000004": "DA6",
    "E09000005": "HA9",
    "E09000006": "BR1",
    "E09000007": "NW1",
    "E09000008": "CR0",
    "E09000009": "W5",
    "E09000010": "EN1",
    "E09000011": "SE10",
    "E09000012": "E8",
    "E09000013": "W6",
    "E09000014": "N17",
    "E09000015": "HA1",
    "E09000016": "RM1",
    "E09000017": "UB8",
    "E09000018": "TW3",
    "E09000019": "N1",
    "E09000020": "W8",
    "E09000021": "KT1",
    "E09000022": "SW9",
    "E09000023": "SE13",
    "E09000024": "SW19",
    "E09000025": "E15",
    "E09000026": "IG1",
    "E09000027": "TW9",
    "E09000028": "SE15",
    "E09000029": "SM1",
    "E09000030": "E1",
    "E09000031": "E17",
    "E09000032": "SW18",
    "E09000033": "W1",
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a postcode's last part may use
ROUTES = {
    "Youth work": "self-referral;family;school",
    "Mentoring": "self-referral;family;professional;school",
    "Exploitation support": "self-referral;professional;police",
    "Custody and hospital intervention": "professional;police",
    "Parenting and families": "self-referral;family;professional",
    "Schools": "school;professional",
    "Community projects": "self-referral;family;professional",
    "Victim support": "self-referral;family;police;professional",
}
# How services of each area are delivered besides their sites, and how many sites they have.
MODES = {
    "Youth work": ((), (1, 3)),
    "Mentoring": (("outreach across the boroughs covered", "online"), (0, 1)),
    "Exploitation support": (("outreach across the boroughs covered",), (0, 1)),
    "Custody and hospital intervention": (("in custody suites", "in hospitals"), (0, 0)),
    "Parenting and families": (("online",), (1, 2)),
    "Schools": (("in schools",), (0, 0)),
    "Community projects": ((), (1, 3)),
    "Victim support": (("online",), (1, 1)),
}
TEAMS = {
    "Youth work": "VRU Young People team",
    "Mentoring": "VRU Young People team",
    "Schools": "VRU Education team",
    "Exploitation support": "VRU Exploitation team",
    "Custody and hospital intervention": "MOPAC Criminal Justice Commissioning team",
    "Parenting and families": "VRU Families and Communities team",
    "Community projects": "VRU Families and Communities team",
    "Victim support": "MOPAC Victims Commissioning team",
}
OTHER_AGES = {"Victim support": (10, 24), "Custody and hospital intervention": (10, 17)}
MODE_IDS = {
    "outreach across the boroughs covered": "OUTREACH",
    "online": "ONLINE",
    "in custody suites": "CUSTODY",
    "in hospitals": "HOSPITALS",
    "in schools": "SCHOOLS",
}
SITE_KINDS = ("youth hub", "community centre", "family hub", "project base")
STREETS = ("High Street", "Church Road", "Station Road", "Park Lane", "Victoria Road", "Green Lane")
# Share of records kept without any public contact, for the data-quality page's "no contact" list.
NO_CONTACT_SHARE = 0.08


def services(rng, as_of: pd.Timestamp) -> pd.DataFrame:
    boroughs = reference.boroughs()
    name_to_code = dict(zip(boroughs["name"], boroughs["gss_code"]))
    rows = []
    area_of = {
        "Families and communities": "Community projects",
        "Justice and health": "Custody and hospital intervention",
        "Education and opportunity": "Schools",
        "Early intervention": "Mentoring",
        "Exploitation": "Exploitation support",
    }
    n = 0
    for prog in PROGRAMMES:
        for provider in prog.providers:
            n += 1
            if prog.boroughs:
                covered = ";".join(name_to_code[b] for b in prog.boroughs)
            elif rng.random() < 0.5:
                covered = LONDON_WIDE
            else:
                covered = ";".join(
                    sorted(rng.choice(boroughs["gss_code"].to_numpy()[1:], size=int(rng.integers(2, 9)), replace=False))
                )
            kpi = prog.kpis[0]
            value = round(kpi.target * kpi.performance * rng.normal(1, 0.05), 1)
            rows.append(
                service_row(
                    rng,
                    n,
                    prog.name,  # the provider is a field of its own: pages show "name, provider"
                    provider,
                    prog.programme_id,
                    prog.description,
                    area_of[prog.priority_area],
                    covered,
                    "VRU",
                    kpi,
                    value,
                    prog.start,
                    as_of,
                )
            )
    for name, provider, area, commissioner in OTHER_SERVICES:
        n += 1
        rows.append(
            service_row(
                rng,
                n,
                name,
                provider,
                None,
                f"{name}, commissioned by {commissioner}.",
                area,
                LONDON_WIDE,
                commissioner,
                None,
                None,
                "2022-04-01",
                as_of,
            )
        )
    return pd.DataFrame(rows)


def service_row(
    rng, n, name, provider, programme_id, description, area, covered, commissioner, kpi, value, start, as_of
):
    contract_start = pd.Timestamp(start)
    contract_end = max(
        contract_start + pd.DateOffset(years=int(rng.integers(2, 5))),
        as_of + pd.DateOffset(months=int(rng.integers(-3, 30))),
    )
    if kpi is None:
        measure, target, value, higher = (
            "Service users reporting they feel better able to cope",
            80.0,
            round(float(rng.normal(80, 6)), 1),
            True,
        )
    else:
        measure, target, higher = kpi.name, kpi.target, kpi.direction == "higher_is_better"
    ratio = value / target if higher else target / max(value, 1e-9)
    rag = "green" if ratio >= 1 else "amber" if ratio >= 0.9 else "red"
    # A few records have not been reviewed for months: the directory flags them as possibly out of date.
    reviewed = as_of - pd.Timedelta(
        days=int(rng.choice([20, 45, 90, 150, 240, 400], p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05]))
    )
    return {
        "service_id": f"SVC{n:03d}",
        "name": name,
        "provider_id": provider,
        "programme_id": programme_id,
        "description": description,
        "service_area": area,
        "boroughs_covered": covered,
        "commissioner": commissioner,
        "funding_stream": "Home Office VRU grant" if commissioner == "VRU" else "London Crime Prevention Fund",
        "annual_value_gbp": round(float(rng.uniform(80_000, 1_500_000)), -3),
        "contract_start": contract_start,
        "contract_end": contract_end,
        "performance_measure": measure,
        "performance_value": value,
        "performance_target": target,
        "rag_rating": rag,
        "rag_rule": "Green: target met; amber: within 10% of target; red: more than 10% short of target.",
        "last_reviewed": reviewed,
    }


def _ages(row) -> tuple[int, int]:
    prog = next((p for p in PROGRAMMES if p.programme_id == row["programme_id"]), None)
    if prog is not None:
        return int(prog.age_min), int(prog.age_max)
    return OTHER_AGES.get(row["service_area"], (10, 24))


def _postcode(rng, borough: str) -> str:
    letters = rng.choice(list(INWARD_LETTERS), size=2)
    return f"{DISTRICTS[borough]} {int(rng.integers(1, 10))}{letters[0]}{letters[1]}"


def register_details(rng, services: pd.DataFrame, *, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The services frame with the register's access and ownership columns, and the service_sites frame."""
    names = dict(zip(reference.boroughs()["gss_code"], reference.boroughs()["name"]))
    codes = sorted(names)
    out = services.copy()
    details, sites = [], []
    without_site = int(rng.integers(0, len(out)))  # one record is missing its sites: a data-quality warning
    for i, row in out.iterrows():
        lo, hi = _ages(row)
        covered = codes[1:] if row["boroughs_covered"] == LONDON_WIDE else row["boroughs_covered"].split(";")
        where = (
            "anywhere in London"
            if row["boroughs_covered"] == LONDON_WIDE
            else "living in "
            + ", ".join(names[c] for c in covered[:3])
            + (" and other boroughs covered" if len(covered) > 3 else "")
        )
        slug = row["service_id"].lower()
        contact = rng.random() >= NO_CONTACT_SHARE
        ended = row["contract_end"] < as_of
        details.append(
            {
                "min_age": lo,
                "max_age": hi,
                "eligibility": f"Young people aged {lo} to {hi} {where}"
                + (", and their parents or carers." if row["service_area"] == "Parenting and families" else "."),
                "referral_routes": ROUTES[row["service_area"]],
                "contact_phone": f"020 7946 0{int(rng.integers(0, 1000)):03d}"
                if contact and rng.random() < 0.8
                else None,
                "contact_email": f"referrals.{slug}@services.example.org" if contact else None,
                "contact_url": f"https://services.example.org/{slug}/refer" if contact and rng.random() < 0.6 else None,
                # Half the ended contracts are still listed as active: the ETL warns their owning team.
                "listed_status": "closed" if ended and rng.random() < 0.5 else "active",
                "owning_team": TEAMS[row["service_area"]],
                "next_review_date": row["last_reviewed"] + pd.DateOffset(months=6),
            }
        )
        if i == without_site:
            continue
        modes, (fewest, most) = MODES[row["service_area"]]
        for n in range(int(rng.integers(fewest, most + 1))):
            borough = covered[int(rng.integers(0, len(covered)))]
            sites.append(
                {
                    "service_id": row["service_id"],
                    "site_id": f"S{n + 1}",
                    "delivery_mode": AT_A_SITE,
                    "site_name": f"{names[borough]} {SITE_KINDS[int(rng.integers(0, len(SITE_KINDS)))]}",
                    "address": f"{int(rng.integers(1, 300))} {STREETS[int(rng.integers(0, len(STREETS)))]}",
                    "postcode": _postcode(rng, borough),
                }
            )
        for mode in modes:
            sites.append(
                {
                    "service_id": row["service_id"],
                    "site_id": MODE_IDS[mode],
                    "delivery_mode": mode,
                    "site_name": None,
                    "address": None,
                    "postcode": None,
                }
            )
    return pd.concat([out, pd.DataFrame(details, index=out.index)], axis=1), pd.DataFrame(sites)
