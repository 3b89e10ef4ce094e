"""What crossed the WebSocket, as the CSMS records it: frames, and the answers to its calls."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ocpp.messages import MessageType


def utc_now() -> str:
    """The current time as an OCPP timestamp: UTC with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clock_text(moment: float | None = None) -> str:
    """Local wall-clock time with milliseconds, for log lines."""
    return (datetime.fromtimestamp(moment) if moment is not None else datetime.now()).strftime("%H:%M:%S.%f")[:-3]


@dataclass(frozen=True)
class Frame:
    """One OCPP-J frame as it crossed the WebSocket.

    `direction` is "received" (station to CSMS) or "sent" (CSMS to station). For a CALLRESULT or
    CALLERROR, `action` is the action of the CALL it answers (None when no such CALL was seen).
    """

    index: int
    time: float
    station: str
    direction: str
    text: str
    message_type: int | None
    unique_id: str | None
    action: str | None
    payload: Any

    @property
    def kind(self) -> str:
        """CALL, CALLRESULT, CALLERROR, or INVALID for a frame that is not OCPP-J."""
        kinds = {MessageType.Call: "CALL", MessageType.CallResult: "CALLRESULT", MessageType.CallError: "CALLERROR"}
        return kinds.get(self.message_type, "INVALID")

    def describe(self) -> str:
        """One readable line for the log."""
        arrow = f"{self.station} -> CSMS" if self.direction == "received" else f"CSMS -> {self.station}"
        if self.message_type == MessageType.CallError:
            code, description, details = self.payload
            body = f"{code} {json.dumps(description)} {json.dumps(details)}"
        elif self.message_type is None:
            body = self.text
        else:
            body = json.dumps(self.payload, separators=(", ", ": "))
        return f"{clock_text(self.time)}  {arrow}  {self.kind:<10} {self.action or '?'} {body}"

    def record(self) -> dict:
        """The frame as a JSON record (the `--log json` output)."""
        return {"time": self.time, "station": self.station, "direction": self.direction, "frame": self.text}


@dataclass
class CallAnswer:
    """The answer of a station to a CSMS-initiated CALL: `result` (the CALLRESULT payload) or
    `error` (errorCode, errorDescription, errorDetails of the CALLERROR)."""

    result: dict | None = None
    error: tuple[str, str, Any] | None = None

    def as_json(self) -> dict:
        """{"result": payload} or {"error": {"code", "description", "details"}}."""
        if self.error is not None:
            code, description, details = self.error
            return {"error": {"code": code, "description": description, "details": details}}
        return {"result": self.result}
