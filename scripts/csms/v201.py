"""One connected OCPP 2.0.1 station: the CSMS's answers to its CALLs (the dev CSMS in 2.0.1 mode,
and the 2.0.1 test CSMS of Tests/integration/csms201.py), and the CALLs the CSMS sends it.

The handlers take their decisions from the `csms` object the connection is given: the central
system, or anything with the same members: `response_timeout`, `interval`, `boot_status_for(id)`,
`tags` (a TagRegistry), `begin_transaction(...)`, `end_transaction(...)` and `note(text, ...)`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call_result
from ocpp.v201.enums import Action

from csms.certificates import CSRRefused, check_csr, sign_csr
from csms.frames import utc_now
from csms.station import CallingStation

OCPP_VERSION = "2.0.1"
SUBPROTOCOL = "ocpp2.0.1"
OCPP201_ACTIONS = frozenset(action.value for action in Action)
ENERGY_REGISTER = "Energy.Active.Import.Register"

__all__ = ["OCPP_VERSION", "OCPP201_ACTIONS", "SUBPROTOCOL", "StationConnection201", "id_token_info"]


def id_token_info(tag_info: dict[str, Any]) -> dict[str, Any]:
    """The 2.0.1 idTokenInfo for a tag's 1.6 idTagInfo (TagRegistry.id_tag_info): the same status
    (every 1.6 status is a 2.0.1 one), parentIdTag as a groupIdToken of type Central, and
    expiryDate as cacheExpiryDateTime."""
    info: dict[str, Any] = {"status": tag_info["status"]}
    if "parentIdTag" in tag_info:
        info["groupIdToken"] = {"idToken": tag_info["parentIdTag"], "type": "Central"}
    if "expiryDate" in tag_info:
        info["cacheExpiryDateTime"] = tag_info["expiryDate"]
    return info


def energy_wh(meter_values: list[dict] | None) -> int | None:
    """The energy register in Wh in a TransactionEvent's meterValue (snake_case keys, as the
    `ocpp` package hands them over); None when it carries none. A sampledValue without measurand
    is the energy register (the 2.0.1 default); kWh is converted."""
    for meter_value in meter_values or []:
        for sample in meter_value.get("sampled_value", []):
            if sample.get("measurand", ENERGY_REGISTER) == ENERGY_REGISTER:
                unit = (sample.get("unit_of_measure") or {}).get("unit", "Wh")
                return round(float(sample["value"]) * (1000 if unit == "kWh" else 1))
    return None


class StationConnection201(CallingStation, ChargePoint):
    """One connected OCPP 2.0.1 station: answers its CALLs (schema-checked by the `ocpp`
    package) with the central system's decisions, and sends it CSMS-initiated CALLs one at a
    time, validated against the 2.0.1 schemas."""

    ocpp_version = OCPP_VERSION
    actions = OCPP201_ACTIONS

    def token_info(self, id_token: dict) -> dict[str, Any]:
        """The idTokenInfo for an idToken ({"id_token", "type"}): its value looked up in the tags,
        unless the central system has a 2.0.1 idTokenInfo of its own for that value
        (`id_token_infos`, upper-case keys, optional: statuses, evseId... the tags cannot say)."""
        own = (getattr(self.csms, "id_token_infos", None) or {}).get(id_token["id_token"].upper())
        if own is not None:
            return own
        return id_token_info(self.csms.tags.id_tag_info(id_token["id_token"]))

    @on(Action.boot_notification)
    def on_boot_notification(self, charging_station, reason, **_request):
        status = self.csms.boot_status_for(self.id)
        return call_result.BootNotification(current_time=utc_now(), interval=self.csms.interval, status=status)

    @on(Action.heartbeat)
    def on_heartbeat(self, **_request):
        return call_result.Heartbeat(current_time=utc_now())

    @on(Action.status_notification)
    def on_status_notification(self, **_request):
        return call_result.StatusNotification()

    @on(Action.authorize)
    def on_authorize(self, id_token, **_request):
        return call_result.Authorize(id_token_info=self.token_info(id_token))

    @on(Action.transaction_event)
    def on_transaction_event(self, event_type, transaction_info, id_token=None, evse=None, meter_value=None, **_request):
        # The station makes the transactionId; the CSMS lists the transaction from Started to Ended.
        transaction_id = transaction_info["transaction_id"]
        if event_type == "Started":
            evse_id = (evse or {}).get("id", 0)
            tag = id_token["id_token"] if id_token else ""
            self.csms.begin_transaction(self.id, evse_id, tag, energy_wh(meter_value) or 0, transaction_id=transaction_id)
        elif event_type == "Ended":
            meter_stop = energy_wh(meter_value)
            if meter_stop is not None:
                self.csms.end_transaction(transaction_id, meter_stop)
        return call_result.TransactionEvent(id_token_info=self.token_info(id_token) if id_token else None)

    @on(Action.meter_values)
    def on_meter_values(self, **_request):
        return call_result.MeterValues()

    @on(Action.report_charging_profiles)
    def on_report_charging_profiles(self, **_request):
        return call_result.ReportChargingProfiles()

    @on(Action.notify_report)
    def on_notify_report(self, **_request):
        return call_result.NotifyReport()

    @on(Action.notify_event)
    def on_notify_event(self, **_request):
        return call_result.NotifyEvent()

    @on(Action.security_event_notification)
    def on_security_event_notification(self, **_request):
        return call_result.SecurityEventNotification()

    @on(Action.firmware_status_notification)
    def on_firmware_status_notification(self, **_request):
        return call_result.FirmwareStatusNotification()

    @on(Action.log_status_notification)
    def on_log_status_notification(self, **_request):
        return call_result.LogStatusNotification()

    @on(Action.data_transfer)
    def on_data_transfer(self, vendor_id, **_request):
        return call_result.DataTransfer(status="UnknownVendorId")

    @on(Action.sign_certificate)
    def on_sign_certificate(self, csr, **_request):
        # As in 1.6: Accepted when the CSMS has a CA (`certificate_authority`, optional for other
        # central systems) and the CSR's signature verifies; CertificateSigned follows the answer.
        if getattr(self.csms, "certificate_authority", None) is None:
            return call_result.SignCertificate(status="Rejected")
        try:
            check_csr(csr)
        except CSRRefused as error:
            self.csms.note(f"{self.id}: SignCertificate rejected: {error}", "note", station=self.id)
            return call_result.SignCertificate(status="Rejected")
        return call_result.SignCertificate(status="Accepted")

    @after(Action.sign_certificate)
    def after_sign_certificate(self, csr, **_request):
        if getattr(self.csms, "certificate_authority", None) is not None:
            try:
                check_csr(csr)
            except CSRRefused:
                return
            asyncio.ensure_future(self._send_signed_certificate(csr))

    async def _send_signed_certificate(self, csr: str) -> None:
        """Signs the CSR with the CSMS's CA and sends the chain as CertificateSigned."""
        chain = sign_csr(csr, self.csms.certificate_authority)
        try:
            answer = await self.call_json("CertificateSigned", {"certificateChain": chain, "certificateType": "ChargingStationCertificate"})
        except (asyncio.TimeoutError, ConnectionError) as error:
            self.csms.note(f"{self.id}: CertificateSigned not answered: {error!r}", "note", station=self.id)
            return
        self.csms.note(f"{self.id}: CertificateSigned answered {answer.result or answer.error}", "note", station=self.id)
