"""The command line of the CSMS (`scripts/dev-csms`): serve, call, stations, transactions,
certificates. `scripts/dev-csms --help` shows them with examples."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from csms.central_system import REGISTRATION_STATUSES, VERSIONS
from csms.client import run_call, run_list
from csms.security import SecurityError, make_certificates
from csms.serve import run_server
from csms.tags import AUTHORIZATION_STATUSES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TAGS = ROOT / "configs" / "tags.json"
DEFAULT_CERTIFICATES = ROOT / ".dev-csms" / "certs"

EPILOG = """\
examples:
  scripts/dev-csms                                   # serve on ws://127.0.0.1:9000/ocpp/<id>
  scripts/dev-csms serve --boot-status Pending --interval 10
  scripts/dev-csms serve --security-profile 1 --password s3cret
  scripts/dev-csms serve --security-profile 2 --password s3cret   # wss://, certificates in .dev-csms/certs
  scripts/dev-csms serve --security-profile 3                     # wss:// with client certificates
  scripts/dev-csms certificates .dev-csms/certs --host charger.local
  scripts/dev-csms stations
  scripts/dev-csms call CP-1 RemoteStartTransaction '{"connectorId":1,"idTag":"ABC"}'
  scripts/dev-csms call CP-1 ChangeConfiguration '{"key":"HeartbeatInterval","value":"30"}'
  scripts/dev-csms call CP-1 GetConfiguration
  scripts/dev-csms call CP-1 Reset '{"type":"Soft"}'
  scripts/dev-csms serve --ocpp-version 2.0.1                     # an OCPP 2.0.1 CSMS (subprotocol ocpp2.0.1)
  scripts/dev-csms call CP-1 RequestStartTransaction '{"idToken":{"idToken":"04A2B3C4","type":"ISO14443"},"remoteStartId":1}'

OCPP 2.0.1 (--ocpp-version 2.0.1): the CSMS selects only subprotocol ocpp2.0.1 and answers
BootNotification, Heartbeat, StatusNotification, Authorize and TransactionEvent (idTokenInfo from
the tags file: the same status, parentIdTag as a groupIdToken of type Central, expiryDate as
cacheExpiryDateTime), MeterValues, NotifyReport, NotifyEvent and the notifications; `call`
validates against the 2.0.1 schemas; `transactions` lists them by the station's transactionId.

security profiles: 0 ws://, no authentication; 1 ws:// with HTTP Basic (user = the charge point
id, password = --password, the station's AuthorizationKey); 2 wss:// with HTTP Basic; 3 wss://
with the station's client certificate. For 2 and 3 the server certificate is --cert/--key (and
--client-ca for 3), or made in --certs (a CA, a server certificate for localhost and 127.0.0.1, a
client certificate; kept once made). Without --security-profile, the options alone decide:
--password demands HTTP Basic, --cert/--key serve TLS, --client-ca demands client certificates.
The certificates in --certs are made on first start (python cryptography, ECDSA P-256) whatever
the profile, and their CA signs a station's SignCertificate CSR: Accepted, then CertificateSigned
with the certificate and the CA (a CSR that does not verify is Rejected).

tags file (JSON): {"tags": {"ABC": {"status": "Accepted", "parentIdTag": "FLEET", "expiryDate": "..."}}};
status defaults to Accepted, an Accepted tag past its expiryDate is Expired, unknown tags get
--unknown-tags (Invalid).

--log json prints "LISTENING <port>" once listening, then one JSON object per line: frames
{"time", "station", "direction": "received"|"sent", "frame"} and events {"time", "event":
"listening"|"connected"|"refused"|"disconnected"|"note"|"stopping", "text", ...}.
"""


def parse_host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="dev-csms", description="The project's OCPP 1.6J (or 2.0.1) central system (python ocpp package), for developers and tests.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    commands = root.add_subparsers(dest="command_name", metavar="COMMAND")
    channel = dict(type=parse_host_port, default=("127.0.0.1", 9001), metavar="HOST:PORT", help="the command channel (default 127.0.0.1:9001)")

    serve = commands.add_parser("serve", help="run the CSMS (the default command)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=9000, help="WebSocket port (default 9000; 0: any free port, see --log json)")
    serve.add_argument("--command", **channel)
    serve.add_argument("--no-command", dest="command", action="store_const", const=None, help="no command channel")
    serve.add_argument("--tags", type=Path, default=DEFAULT_TAGS, help="the tags file (default configs/tags.json)")
    serve.add_argument("--unknown-tags", choices=AUTHORIZATION_STATUSES, default="Invalid", help="the status of tags not in the file (default Invalid)")
    serve.add_argument("--boot-status", choices=REGISTRATION_STATUSES, default="Accepted", help="BootNotification answer (default Accepted)")
    serve.add_argument("--interval", type=int, default=300, help="BootNotification interval, s: heartbeat when accepted, retry otherwise (default 300)")
    serve.add_argument("--response-timeout", type=float, default=30, help="seconds a station has to answer a call (default 30)")
    serve.add_argument("--security-profile", type=int, choices=(0, 1, 2, 3), help="demand OCPP security profile N (see below)")
    serve.add_argument("--password", "--basic-password", dest="password", help="HTTP Basic password (the stations' AuthorizationKey)")
    serve.add_argument("--cert", type=Path, help="TLS server certificate (PEM)")
    serve.add_argument("--key", type=Path, help="TLS server key (PEM)")
    serve.add_argument("--client-ca", type=Path, help="demand TLS client certificates signed by this CA (PEM)")
    serve.add_argument("--certs", type=Path, default=DEFAULT_CERTIFICATES, help="where profiles 2 and 3 make their certificates (default .dev-csms/certs)")
    serve.add_argument("--ping-interval", type=float, default=20, help="seconds between WebSocket pings (default 20; 0: none)")
    serve.add_argument("--ocpp-version", choices=tuple(VERSIONS), default="1.6", help="the OCPP version spoken, 1.6 (default) or 2.0.1")
    serve.add_argument("--no-subprotocol", action="store_true", help="accept upgrades without selecting the subprotocol (to test a station's refusal)")
    serve.add_argument("--log", choices=("text", "json"), default="text", help="one readable line per frame (default), or JSON lines")
    serve.add_argument("--exit-with-stdin", action="store_true", help="stop when standard input closes (for a parent process)")

    call = commands.add_parser("call", help="send a CSMS-initiated CALL to a connected station and print its answer")
    call.add_argument("station", help="the charge point id")
    call.add_argument("action", help="the OCPP action, e.g. RemoteStartTransaction")
    call.add_argument("payload", nargs="?", default="{}", help="the payload as JSON (default {})")
    call.add_argument("--timeout", type=float, default=30, help="seconds to wait for the answer (default 30)")
    call.add_argument("--no-validate", action="store_true", help="send the payload even if the action's schema rejects it")
    call.add_argument("--command", **channel)

    for name, text in (("stations", "list the connected stations"), ("transactions", "list the transactions this CSMS assigned")):
        commands.add_parser(name, help=text).add_argument("--command", **channel)

    certificates = commands.add_parser("certificates", help="make a CA, a server and a client certificate (those missing) in a directory")
    certificates.add_argument("directory", type=Path, nargs="?", default=DEFAULT_CERTIFICATES, help="default .dev-csms/certs")
    certificates.add_argument("--host", action="append", help="a name or address of the server certificate (repeatable; default localhost, 127.0.0.1)")
    certificates.add_argument("--client-id", default="station", help="the client certificate's common name (default station)")
    return root


def run_certificates(args: argparse.Namespace) -> int:
    try:
        directory = make_certificates(args.directory, tuple(args.host or ("localhost", "127.0.0.1")), args.client_id)
    except SecurityError as error:
        print(f"dev-csms: {error}", file=sys.stderr)
        return 2
    for name in sorted(path.name for path in directory.iterdir()):
        print(directory / name)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    args = parser().parse_args(argv)
    if args.command_name == "serve":
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        # The frame log shows the CALLERROR the ocpp package answers to a bad frame, with its cause.
        logging.getLogger("ocpp").setLevel(logging.CRITICAL)
        asyncio.run(run_server(args))
        return 0
    if args.command_name == "call":
        return run_call(args)
    if args.command_name == "certificates":
        return run_certificates(args)
    return run_list(args, args.command_name)
