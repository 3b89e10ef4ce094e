#!/usr/bin/env python3
"""Validates OCPP payloads against the official OCPP 1.6 JSON schemas (or, given a folder name of
Tests/Fixtures as argument, such as "ocpp201-schemas", against the schemas in that folder).

Reads JSON lines {"schema": "<name>", "payload": {...}} on stdin, where <name> is a schema file's
name without ".json" (e.g. "BootNotification", "BootNotificationResponse"), and writes one JSON
line {"schema": ..., "ok": bool, "errors": [...]} per input line. Used by the Swift schema
conformance test. Numbers are read as Decimal so that `multipleOf: 0.1` is checked exactly.
"""
import decimal
import json
import pathlib
import sys

import jsonschema

FIXTURES = pathlib.Path(__file__).resolve().parent


def main() -> int:
    schemas = FIXTURES / (sys.argv[1] if len(sys.argv) > 1 else "ocpp16-schemas")
    cache = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        item = json.loads(line, parse_float=decimal.Decimal)
        name = item["schema"]
        if name not in cache:
            schema = json.loads((schemas / f"{name}.json").read_text(), parse_float=decimal.Decimal)
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            cache[name] = cls(schema, format_checker=cls.FORMAT_CHECKER)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in cache[name].iter_errors(item["payload"])]
        print(json.dumps({"schema": name, "ok": not errors, "errors": errors}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
