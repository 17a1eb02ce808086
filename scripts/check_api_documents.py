#!/usr/bin/env python3
"""Checks the published API documents with tools other than our own code.

1. The OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator).
2. Every event the simulator writes validates against the event JSON Schema, and events
   the server refuses are refused by the schema too (jsonschema, draft 2020-12).

Usage: check_api_documents.py PATH_TO_PITWALL_BINARY
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

resources = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "PitwallServer" / "Resources"
binary = sys.argv[1]

spec, base_uri = read_from_filename(str(resources / "openapi.yaml"))
validate(spec, base_uri=base_uri)
print("openapi.yaml: valid OpenAPI", spec["openapi"])

schema = json.loads((resources / "event.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

simulated = subprocess.run([binary, "simulate", "--days", "7", "--seed", "5"], check=True, capture_output=True, text=True).stdout
lines = simulated.splitlines()
types = set()
for number, line in enumerate(lines, start=1):
    event = json.loads(line)
    types.add(event["type"])
    errors = sorted(validator.iter_errors(event), key=str)
    if errors:
        sys.exit(f"simulated line {number} does not match the schema: {errors[0].message}\n{line}")
print(f"event.schema.json: {len(lines)} simulated events of {len(types)} types are valid")
if not any('"notified_via"' in line for line in lines):
    sys.exit("the simulator told no agent of a lead in a week: the schema's notified_via went unchecked")
if "survey.answered" not in types:
    sys.exit("the simulator wrote no survey.answered in a week: the schema's survey rules went unchecked")

refused = [
    {"id": "e", "type": "lead.created", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "source": "web"},
    {"id": "e", "type": "lead.assigned", "occurred_at": "2026-03-02T10:00:00", "lead_id": "L", "agent_id": "a"},
    {"id": "e", "type": "lead.deleted", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L"},
    {"id": "e", "type": "sale.closed", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "sale_id": "s", "amount": 0},
    {"id": "", "type": "lead.assigned", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "agent_id": "a"},
    {"id": "e", "type": "lead.assigned", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "agent_id": "a", "notified_via": "  "},
    {"id": "e", "type": "message.sent", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "message_id": "m", "channel": "fax", "sender": "ai"},
    {"id": "e", "type": "survey.answered", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "satisfaction": 6},
    {"id": "e", "type": "survey.answered", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "recommend": 8.5},
    {"id": "e", "type": "survey.answered", "occurred_at": "2026-03-02T10:00:00Z", "lead_id": "L", "comment": "no scores"},
]
for event in refused:
    if validator.is_valid(event):
        sys.exit(f"the schema accepts an event the server refuses: {event}")
print(f"event.schema.json: refuses all {len(refused)} events the server refuses")
