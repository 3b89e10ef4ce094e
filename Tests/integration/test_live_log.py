"""The dashboard's live OCPP log, GET /api/log/stream (Server-Sent Events): the backlog first, a
CALL's answer carrying its action and round trip, frames as they happen, and the stream ending
cleanly when the station stops (SIGTERM with a browser still listening)."""

from __future__ import annotations

import json
import threading
import urllib.request

from conftest import wait_until


def test_the_live_log_streams_frames_and_ends_at_shutdown(station):
    stream = urllib.request.urlopen(f"http://127.0.0.1:{station.control_port}/api/log/stream", timeout=10)
    assert stream.headers["Content-Type"] == "text/event-stream"
    events: list[dict] = []

    def read():
        for line in stream:
            if line.startswith(b"data: "):
                events.append(json.loads(line[6:]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    wait_until(lambda: any(e["action"] == "BootNotification" and e["kind"] == "CALL" for e in events), what="BootNotification from the backlog")
    boot_answer = wait_until(lambda: [e for e in events if e["action"] == "BootNotification" and e["kind"] == "CALLRESULT"], what="its answer")[0]
    assert boot_answer["direction"] == "received" and boot_answer["roundTripMs"] >= 0
    station.plug(2)
    wait_until(lambda: any(e["action"] == "StatusNotification" and '"Preparing"' in e["frame"] for e in events), what="a live StatusNotification")
    assert station.terminate() == 0, "SIGTERM with a live log open"
    reader.join(10)
    assert not reader.is_alive(), "the stream ended with the server"
