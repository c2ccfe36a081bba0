"""About the data: the methodology page (docs/methodology.md, the same text as in the repository),
this release's facts, the licence and a contact."""

from __future__ import annotations

import json
from pathlib import Path

from dash import dcc, html

from dashboard import pages
from dashboard.data import state

METHODOLOGY = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
CONTACT = "vru-data@example.london.gov.uk"


def _for_councils() -> list:
    """How a borough's directory takes in the register (the Open Referral UK feed)."""
    return [
        html.H2("For councils: the services register in your directory", className="h4", id="open-referral"),
        html.P(
            [
                "Every service MOPAC and the VRU commission is published as an ",
                html.Strong("Open Referral UK"),
                " feed (HSDS 3.0, UK profile) at ",
                html.A(html.Code("/api/openreferral/"), href="/api/openreferral/"),
                ": services with their provider, who they are for (ages and "
                "eligibility), the boroughs they cover, their sites and postcodes, referral routes, contacts and "
                "phones, funding and status. "
                "Point your directory's Open Referral import at that address; no key is needed and any site may read "
                "it. "
                "Each record keeps the same id in every release, so an import updates it rather than adding a copy. "
                "The feed changes only when a new release is published (listed on the revisions page), and each record "
                "says when it was last checked. "
                "The data are under the Open Government Licence v3.0; the feed's ",
                html.A("OpenAPI document", href="/api/openreferral/openapi.json"),
                " is the profile's own (CC BY-SA 4.0).",
            ]
        ),
    ]


def layout(**_params):
    release = state.release()
    audit = json.loads(release["audit_detail"]) if isinstance(release["audit_detail"], str) else release["audit_detail"]
    facts = [
        ("Release", f"{release['release_id']}, published {str(release['created_at'])[:16].replace('T', ' ')} UTC"),
        ("Cells published", f"{release['cells_published']:,}"),
        (
            "Cells suppressed [c]",
            f"{release['cells_suppressed']:,} ({release['cells_suppressed_primary']:,} small counts, "
            f"{release['cells_suppressed_secondary']:,} to protect them)",
        ),
        (
            "Disclosure audit",
            f"{'passed' if release['audit_passed'] else 'failed'}: {audit.get('cells_checked', 0):,} suppressed cells "
            "checked; "
            f"the narrowest range an attacker could prove is {audit.get('narrowest_interval')} wide (at least "
            f"{audit.get('required_width')} required)",
        ),
        ("Data", "synthetic demonstration data" if release["synthetic_data"] else "VRU programme monitoring data"),
        ("Input digest (SHA-256)", str(release["input_digest"])),
    ]
    return html.Div(
        [
            html.H1("About the data"),
            html.H2("This release", className="h4"),
            html.Dl([item for k, v in facts for item in (html.Dt(k), html.Dd(v))]),
            html.Hr(),
            dcc.Markdown(
                METHODOLOGY.read_text().replace("# Methodology", "## Methodology", 1),
                link_target="_self",
                className="methodology",
            ),
            html.P(
                [
                    html.A("Data dictionary of the extracts", href="/about/data-dictionary"),
                    " · ",
                    html.A("API and downloads", href="/api/v1/docs"),
                    " · ",
                    html.A("Revisions", href="/revisions"),
                    " · ",
                    html.A("Services report to the Police and Crime Committee", href="/services/report"),
                ]
            ),
            *_for_councils(),
            html.H2("Contact", className="h4"),
            html.P(["Questions about these figures: ", html.A(CONTACT, href=f"mailto:{CONTACT}"), "."]),
        ]
    )


PAGE = pages.Page(id="about", name="About the data", draw=layout, order=9)
