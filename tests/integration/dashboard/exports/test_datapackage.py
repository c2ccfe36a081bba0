"""Data packages (dashboard/exports/datapackage.py) on the small release, checked with the Frictionless reference
implementation."""

from __future__ import annotations

import io
import zipfile

import pytest

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast


@pytest.mark.parametrize(
    ("page", "chart", "query"),
    [
        ("reach", "reach-trend", "?programme=divert"),
        ("reach", "reach-ethnicity", ""),
        ("funding-need", "funding-ranked", ""),
        ("services", "services-directory", "?q=youth"),
    ],
)
def test_the_data_package_validates_and_its_csv_is_the_csv_download(client, tmp_path, page, chart, query):
    import frictionless

    response = client.get(f"/download/{page}/{chart}.zip{query}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    csv_download = client.get(f"/download/{page}/{chart}.csv{query}")
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        names = z.namelist()
        csv_name = next(n for n in names if n.endswith(".csv"))
        assert sorted(names) == sorted([csv_name, "datapackage.json", "README.txt"])
        assert z.read(csv_name) == csv_download.data
        z.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    descriptor = package.to_descriptor()
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert descriptor["release"]["id"] == int(csv_download.headers["X-Release-Id"])
    resource = descriptor["resources"][0]
    assert "[c]" in resource["schema"]["missingValues"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["release_id"]["type"] == "integer"
    assert all(f.get("description") for f in fields.values())
    readme = (tmp_path / "README.txt").read_text()
    assert (
        "[c]" in readme and "How to cite them" in readme and "Open Government Licence" in readme and "/about" in readme
    )
    if chart != "services-directory":
        assert descriptor["description"].startswith(("Bar chart", "Map", "Scatter"))
        assert any(f["type"] in ("integer", "number") and f.get("unit") for f in fields.values())


def test_a_suppressed_cell_is_a_missing_value_in_a_numeric_column(client, tmp_path):
    """Given a breakdown with [c] cells, the package types its count column as integer with [c] missing (Frictionless
    reads the cell as null), rather than as text."""
    import frictionless

    response = client.get("/download/reach/reach-ethnicity.zip?programme=divert&period=2023-24")
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        z.extractall(tmp_path)
        csv_text = z.read(next(n for n in z.namelist() if n.endswith(".csv"))).decode()
    assert "[c]" in csv_text
    resource = frictionless.Package(str(tmp_path / "datapackage.json")).resources[0]
    rows = resource.read_rows()
    assert resource.schema.get_field("Young people").type == "integer"
    assert any(r["Young people"] is None for r in rows) and any(isinstance(r["Young people"], int) for r in rows)


def test_police_need_figures_are_credited_and_not_available_is_missing_not_zero(client, tmp_path):
    """Given the funding ranking, whose need figures are the Metropolitan Police's and whose City of London is [x],
    then the package lists the police as a source, its README says so and that their figures are not rounded, and
    Frictionless reads the City's count as missing in an integer column, never 0."""
    import frictionless

    response = client.get("/download/funding-need/funding-ranked.zip?period=2024-25")
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        z.extractall(tmp_path)
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    police = "Knife crime with injury offences: real, published by the Metropolitan Police Service (Open Government "
    assert any(s["title"].startswith(police) for s in package.to_descriptor()["sources"])
    readme = (tmp_path / "README.txt").read_text()
    assert f"Source: {police}" in readme and "not rounded or suppressed" in readme
    resource = package.resources[0]
    assert resource.schema.get_field("Knife crime with injury offences").type == "integer"
    counts = {r["Borough"]: r["Knife crime with injury offences"] for r in resource.read_rows()}
    assert counts["City of London"] is None and counts["Croydon"] == 196
