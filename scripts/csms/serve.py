"""`dev-csms serve`: runs the central system until SIGINT or SIGTERM (or, when asked, until its
standard input closes), with the command channel beside it."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from csms.central_system import CentralSystem
from csms.commands import CommandServer
from csms.security import CA_CERTIFICATE, CLIENT_CERTIFICATE, CLIENT_KEY, Security, SecurityError, certificate_authority, make_certificates
from csms.tags import TagRegistry


def security_of(args: argparse.Namespace) -> Security:
    """The security demands the options ask for (exits with the reason when they do not fit)."""
    try:
        return Security.for_profile(
            args.security_profile, password=args.password, certificate=args.cert, key=args.key, client_ca=args.client_ca,
            certificates=args.certs,
        )  # fmt: skip
    except SecurityError as error:
        sys.exit(f"dev-csms: {error}")


async def run_server(args: argparse.Namespace) -> None:
    try:
        tags = TagRegistry(args.tags, unknown_status=args.unknown_tags)
    except (OSError, ValueError) as error:
        sys.exit(f"dev-csms: cannot read the tags file: {error}")
    security = security_of(args)
    # The CA (made in --certs on first start, kept after) signs the stations' CSRs at any profile.
    try:
        authority = certificate_authority(make_certificates(args.certs))
    except OSError as error:
        sys.exit(f"dev-csms: cannot make the certificates in {args.certs}: {error}")
    csms = CentralSystem(
        tags=tags, boot_status=args.boot_status, interval=args.interval, log=lambda line: print(line, flush=True),
        response_timeout=args.response_timeout, security=security, json_log=args.log == "json",
        select_subprotocol=not args.no_subprotocol, certificate_authority=authority, ocpp_version=args.ocpp_version,
    )  # fmt: skip
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if args.exit_with_stdin:
        # A test that starts the CSMS keeps its stdin open as a pipe: when it closes, we stop.
        loop.add_reader(sys.stdin, lambda: sys.stdin.read(1) or stop.set())
    commands = None
    if args.command is not None:
        try:
            commands = CommandServer(csms, loop, *args.command)
        except OSError as error:
            sys.exit(f"dev-csms: cannot listen for commands on {args.command[0]}:{args.command[1]}: {error}")
    try:
        async with csms.listen(args.host, args.port, ping_interval=args.ping_interval or None) as server:
            port = server.sockets[0].getsockname()[1]
            if commands is not None:
                commands.start()
            if args.log == "json":
                print(f"LISTENING {port}", flush=True)
            scheme = "wss" if security.tls else "ws"
            channel = f"commands on http://{args.command[0]}:{args.command[1]}" if args.command else "no command channel"
            csms.note(
                f"dev CSMS listening on {scheme}://{args.host}:{port}/ocpp/<id> ({csms.subprotocol}, {security.describe()}); "
                f"boot {args.boot_status}, interval {args.interval} s; tags from {args.tags} (others {args.unknown_tags}); {channel}",
                "listening", port=port, profile=security.profile,
            )  # fmt: skip
            if security.tls and args.cert is None and args.certs is not None:
                csms.note(
                    f"stations trust {args.certs / CA_CERTIFICATE} (csms.caCertificate)"
                    + (f"; present {args.certs / CLIENT_CERTIFICATE} and {args.certs / CLIENT_KEY} (csms.clientCertificate, clientKey)"
                       if security.client_ca else "")
                )  # fmt: skip
            await stop.wait()
            csms.note("dev CSMS stopping", "stopping")
    except OSError as error:
        sys.exit(f"dev-csms: cannot listen on {args.host}:{args.port}: {error}")
    finally:
        if commands is not None:
            commands.stop()
