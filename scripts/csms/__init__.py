"""The project's OCPP 1.6J (or 2.0.1) central system (CSMS), for developers and for tests.

Built on the public API of the pinned `ocpp` package (scripts/requirements.txt): it accepts
stations at ws(s)://HOST:PORT/<path>/<id> with subprotocol ocpp1.6 (or, in 2.0.1 mode, only
ocpp2.0.1), under OCPP security profiles 0-3 (Basic auth, TLS with certificates it can generate, client certificates), answers them
(registration, tags from a tags file, transaction ids), records and logs every frame, and sends
them any CSMS-initiated CALL. `scripts/dev-csms` runs it (see `cli`); the integration tests use
`CentralSystem` in-process, the Swift tests and the benchmarks run it as a process.

Modules: `tags` (the tags file), `frames` (recorded frames and call answers), `station` (one
connected 1.6 station), `v201` (one connected 2.0.1 station), `security` (profiles, TLS,
certificates), `central_system` (the server), `commands` (the HTTP command channel), `cli` (the
command line).
"""

from csms.central_system import CentralSystem, InvalidCall, StationNotConnected, Transaction
from csms.frames import CallAnswer, Frame
from csms.security import Security
from csms.tags import TagRegistry

__all__ = [
    "CallAnswer",
    "CentralSystem",
    "Frame",
    "InvalidCall",
    "Security",
    "StationNotConnected",
    "TagRegistry",
    "Transaction",
]
