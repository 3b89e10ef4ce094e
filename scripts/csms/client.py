"""The client side of the command channel: `dev-csms call`, `stations` and `transactions` send
their request to a running CSMS over HTTP on loopback and print its answer."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def command_request(address: tuple[str, int], method: str, path: str, body: dict | None = None, timeout: float = 35) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://{address[0]}:{address[1]}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, ConnectionError) as error:
        sys.exit(f"dev-csms: no dev CSMS answers commands on {address[0]}:{address[1]} ({error}); start it with scripts/dev-csms")


def run_call(args: argparse.Namespace) -> int:
    try:
        payload = json.loads(args.payload)
    except ValueError as error:
        print(f"dev-csms: the payload is not JSON: {error}", file=sys.stderr)
        return 2
    path = "/stations/%s/%s?timeout=%s%s" % (
        urllib.parse.quote(args.station, safe=""),
        urllib.parse.quote(args.action, safe=""),
        args.timeout,
        "&validate=false" if args.no_validate else "",
    )
    status, body = command_request(args.command, "POST", path, payload, timeout=args.timeout + 10)
    if status != 200:
        print(f"dev-csms: {body.get('error', body)}", file=sys.stderr)
        return 2
    if "error" in body:
        error = body["error"]
        print(f"CALLERROR {error['code']}: {error['description']} {json.dumps(error['details'])}")
        return 1
    print(json.dumps(body["result"], indent=2))
    return 0


def run_list(args: argparse.Namespace, what: str) -> int:
    status, body = command_request(args.command, "GET", f"/{what}")
    print(json.dumps(body[what], indent=2) if status == 200 else body)
    return 0 if status == 200 else 2


