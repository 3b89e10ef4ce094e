"""One connected OCPP 1.6 station: the CSMS's answers to its CALLs, and the CALLs the CSMS sends
it (the latter shared with 2.0.1 stations, see `v201`).

Written on the public API of the `ocpp` package: handlers are `@on` routes of a `ChargePoint`
subclass, and CSMS-initiated CALLs go out as raw frames on the connection this module owns,
their answers taken from `route_message` (a public method, overridden) before the package sees
them. So a developer can send any action with any payload, exactly as typed.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

from ocpp.exceptions import OCPPError
from ocpp.messages import Call, MessageType, unpack, validate_payload
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call_result
from ocpp.v16.enums import Action

from csms.certificates import CSRRefused, check_csr, sign_csr
from csms.frames import CallAnswer, utc_now

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection

    from csms.central_system import CentralSystem

OCPP_VERSION = "1.6"
OCPP16_ACTIONS = frozenset(action.value for action in Action)


class InvalidCall(Exception):
    """A CALL payload that the action's schema does not accept."""


class RecordingConnection:
    """A station's WebSocket, with every frame recorded (before it is sent)."""

    def __init__(self, websocket: "ServerConnection", station_id: str, csms: "CentralSystem"):
        self.websocket = websocket
        self.station_id = station_id
        self.csms = csms

    async def recv(self) -> str:
        text = await self.websocket.recv()
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        self.csms.record(self.station_id, "received", text)
        return text

    async def send(self, text: str) -> None:
        self.csms.record(self.station_id, "sent", text)
        await self.websocket.send(text)

    async def close(self, code: int, reason: str) -> None:
        await self.websocket.close(code, reason)


class CallingStation:
    """The central system's side of one station's connection, whatever its OCPP version: answers
    to CSMS-initiated CALLs sent by `call_json` are taken before the `ocpp` package sees them.
    Mixed in before a version's `ChargePoint`; `ocpp_version` and `actions` say which version."""

    #: The version of the schemas `call_json` validates against.
    ocpp_version = OCPP_VERSION
    #: The actions `call_json` sends without --no-validate.
    actions = OCPP16_ACTIONS

    def __init__(self, station_id: str, connection, csms: "CentralSystem"):
        super().__init__(station_id, connection, response_timeout=csms.response_timeout)
        self.csms = csms
        self.connection = connection
        self._calls = asyncio.Lock()
        self._waiting: dict[str, asyncio.Future] = {}

    async def route_message(self, raw_msg):
        """Takes the answer to a CALL sent by `call_json`; hands everything else to the package."""
        try:
            message = unpack(raw_msg)
        except OCPPError:
            message = None  # the package answers or logs it
        if message is not None and message.message_type_id in (MessageType.CallResult, MessageType.CallError):
            waiter = self._waiting.pop(message.unique_id, None)
            if waiter is not None:
                if not waiter.done():
                    waiter.set_result(message)
                return
        await super().route_message(raw_msg)

    async def call_json(self, action: str, payload: dict, validate: bool = True, timeout: float | None = None) -> CallAnswer:
        """Sends a CALL with a camelCase payload, exactly as given, and returns the station's
        answer as on the wire. With `validate`, an action that is not of this OCPP version or a
        payload that its schema rejects raises InvalidCall. Raises TimeoutError when no answer
        comes in time."""
        message = Call(unique_id=str(uuid.uuid4()), action=action, payload=payload)
        if validate:
            if action not in self.actions:
                raise InvalidCall(f"{action} is not an OCPP {self.ocpp_version} action (--no-validate sends it anyway)")
            try:
                await validate_payload(message, self.ocpp_version)
            except OCPPError as error:
                cause = str((error.details or {}).get("cause", error.description)).split("\n")[0]
                raise InvalidCall(f"the {action} schema rejects the payload: {cause} (--no-validate sends it anyway)") from error
        async with self._calls:
            answer = asyncio.get_running_loop().create_future()
            self._waiting[message.unique_id] = answer
            try:
                await self.connection.send(message.to_json())
                response = await asyncio.wait_for(answer, timeout or self.csms.response_timeout)
            finally:
                self._waiting.pop(message.unique_id, None)
        if response.message_type_id == MessageType.CallError:
            return CallAnswer(error=(response.error_code, response.error_description, response.error_details))
        return CallAnswer(result=response.payload)


class StationConnection(CallingStation, ChargePoint):
    """One connected OCPP 1.6 station: answers its CALLs (schema-checked by the `ocpp` package)
    with the central system's decisions, and sends it CSMS-initiated CALLs one at a time."""

    # The central system's answers

    @on(Action.boot_notification)
    def on_boot_notification(self, **_request):
        status = self.csms.boot_status_for(self.id)
        return call_result.BootNotification(current_time=utc_now(), interval=self.csms.interval, status=status)

    @on(Action.heartbeat)
    def on_heartbeat(self):
        return call_result.Heartbeat(current_time=utc_now())

    @on(Action.authorize)
    def on_authorize(self, id_tag):
        return call_result.Authorize(id_tag_info=self.csms.tags.id_tag_info(id_tag))

    @on(Action.start_transaction)
    def on_start_transaction(self, connector_id, id_tag, meter_start, timestamp, **_request):
        transaction_id = self.csms.begin_transaction(self.id, connector_id, id_tag, meter_start)
        return call_result.StartTransaction(transaction_id=transaction_id, id_tag_info=self.csms.tags.id_tag_info(id_tag))

    @on(Action.stop_transaction)
    def on_stop_transaction(self, meter_stop, timestamp, transaction_id, id_tag=None, **_request):
        self.csms.end_transaction(transaction_id, meter_stop)
        info = self.csms.tags.id_tag_info(id_tag) if id_tag is not None else None
        return call_result.StopTransaction(id_tag_info=info)

    @on(Action.meter_values)
    def on_meter_values(self, **_request):
        return call_result.MeterValues()

    @on(Action.status_notification)
    def on_status_notification(self, **_request):
        return call_result.StatusNotification()

    @on(Action.data_transfer)
    def on_data_transfer(self, vendor_id, **_request):
        return call_result.DataTransfer(status="UnknownVendorId")

    @on(Action.diagnostics_status_notification)
    def on_diagnostics_status_notification(self, **_request):
        return call_result.DiagnosticsStatusNotification()

    @on(Action.firmware_status_notification)
    def on_firmware_status_notification(self, **_request):
        return call_result.FirmwareStatusNotification()

    @on(Action.security_event_notification)
    def on_security_event_notification(self, **_request):
        return call_result.SecurityEventNotification()

    @on(Action.sign_certificate)
    def on_sign_certificate(self, csr, **_request):
        # Accepted when the CSMS has a CA to sign with (`certificate_authority`) and the CSR is
        # one whose signature verifies; the signed chain follows the answer as CertificateSigned
        # (see after_sign_certificate).
        if self.csms.certificate_authority is None:
            return call_result.SignCertificate(status="Rejected")
        try:
            check_csr(csr)
        except CSRRefused as error:
            self.csms.note(f"{self.id}: SignCertificate rejected: {error}", "note", station=self.id)
            return call_result.SignCertificate(status="Rejected")
        return call_result.SignCertificate(status="Accepted")

    @after(Action.sign_certificate)
    def after_sign_certificate(self, csr, **_request):
        if self.csms.certificate_authority is not None:
            try:
                check_csr(csr)
            except CSRRefused:
                return
            asyncio.ensure_future(self._send_signed_certificate(csr))

    async def _send_signed_certificate(self, csr: str) -> None:
        """Signs the station's CSR with the CSMS's CA and sends the chain as CertificateSigned."""
        try:
            chain = sign_csr(csr, self.csms.certificate_authority)
        except CSRRefused as error:
            self.csms.note(f"{self.id}: CSR not signed: {error}", "note", station=self.id)
            return
        self.csms.note(f"{self.id}: CSR signed; sending CertificateSigned", "note", station=self.id)
        try:
            answer = await self.call_json("CertificateSigned", {"certificateChain": chain})
        except (asyncio.TimeoutError, ConnectionError) as error:
            self.csms.note(f"{self.id}: CertificateSigned not answered: {error!r}", "note", station=self.id)
            return
        self.csms.note(f"{self.id}: CertificateSigned answered {answer.result or answer.error}", "note", station=self.id)

    @on(Action.log_status_notification)
    def on_log_status_notification(self, **_request):
        return call_result.LogStatusNotification()

    @on(Action.signed_firmware_status_notification)
    def on_signed_firmware_status_notification(self, **_request):
        return call_result.SignedFirmwareStatusNotification()
