"""The open standards' own schemas, bundled in dashboard/register/standards/, as validators."""

from __future__ import annotations

import json

import jsonschema
import referencing
import referencing.jsonschema

from tests.support import ROOT

GIVING360 = ROOT / "dashboard" / "register" / "standards" / "360giving"


def giving360_validator() -> jsonschema.Draft202012Validator:
    """The 360Giving package schema, with the grant schema it refers to, and its formats checked."""
    grant = json.loads((GIVING360 / "360-giving-schema.json").read_text())
    package = json.loads((GIVING360 / "360-giving-package-schema.json").read_text())
    ref = package["properties"]["grants"]["items"][
        "$ref"
    ]  # the package names the grant schema by its published address
    # The schemas say "$schema": "http://json-schema.org/draft/2020-12/schema" (http, not the dialect's https address),
    # so the dialect is given, not looked up.
    resource = referencing.jsonschema.DRAFT202012.create_resource(grant)
    registry = referencing.Registry().with_resources([(ref, resource), (grant["$id"], resource)])
    return jsonschema.Draft202012Validator(
        package, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
