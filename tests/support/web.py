"""Requests to an app in this process (Flask's test client) and what they answer."""

from __future__ import annotations

import csv
import io
import re

from dashboard.settings import Settings

# The public address of the apps whose absolute links (share previews, embed snippets) the tests read.
BASE_URL = "https://vru.example.org"


def parse_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV body."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def callback_request(client, *, input_ids: dict, changed: str) -> dict:
    """POST the request the browser sends when `changed` changes, built from /_dash-dependencies."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if any(f"{i['id']}.{i['property']}" == changed for i in d["inputs"]))
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": input_ids[i["id"]]} for i in dep["inputs"]],
        "changedPropIds": [changed],
        "state": [
            {"id": st["id"], "property": st["property"], "value": input_ids.get(st["id"], "")}
            for st in dep.get("state", [])
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def make_app(database_url: str, *, mode: str = "internal", **settings):
    """A dashboard on `database_url` with these settings (internal mode unless `mode` says otherwise)."""
    from dashboard.app import create_app

    return create_app(settings=Settings(mode=mode, database_url=database_url, **settings))


def page_html(c, path: str) -> str:
    """The HTML of a page asked for as a browser would (it must answer 200)."""
    response = c.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return response.data.decode()


def main_text(html: str) -> str:
    """A page's words without its tags, on one line, with the entities the checks compare decoded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace("&#x27;", "'")
