"""Functional block A of the `station` binary on OCPP 2.0.1, against python `ocpp` v201 central
systems that check HTTP Basic credentials and serve TLS with certificates made at test time (python
`cryptography`): profile 1 with the password checked by the server and changed through
SetVariables; profile 2 against a server whose certificate is signed by a CSMSRootCertificate the
CSMS installed (the station file names no CA), reached by SetNetworkProfile and a Reset; a slot
that cannot connect falls back to the next one with a security event; a CSR sent after
TriggerMessage(SignChargingStationCertificate) is signed, installed with CertificateSigned and
presented at profile 3; a critical security event raised while the CSMS is unreachable survives
kill -9 and is delivered after the restart; the dev CSMS in 2.0.1 mode signs the station's CSR. Every frame the station sent is checked against its
2.0.1 schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import websockets
from ocpp.routing import on
from ocpp.v201 import call, call_result
from ocpp.v201.enums import Action

from conftest import CONFIGS, ROOT, STATION_BINARY, free_port, wait_until
from csms import Security
from csms.certificates import make_ca, make_server_certificate, sign_csr
from csms201 import CSMS201, Station201
from test_dev_csms import CSMSProcess
from test_ocpp201_station import Station201Process, validate_sent_frames

KEY = "0123456789ABCDEF0123456789ABCDEF"  # the station file's key: the Basic password of profile 1 and 2
NEW_KEY = "new-password-0123456789"
STATION_ID = "SEC201-1"


class SecureStation201(Station201):
    """The CSMS side of a station, answering SignCertificate too (the test signs the CSR)."""

    @on(Action.sign_certificate)
    def on_sign_certificate(self, csr, **_request):
        return call_result.SignCertificate(status="Accepted")


class SecureCSMS201(CSMS201):
    """The 2.0.1 test CSMS with the given security demands (HTTP Basic, TLS, client certificates)."""

    def __init__(self, security: Security, port: int = 0) -> None:
        super().__init__()
        self.security = security
        self.refused: list[str] = []
        self.port = port  # the URL is known before the server listens

    async def _listen(self):
        async def check(connection, request):
            station_id = request.path.rstrip("/").split("/")[-1]
            if not self.security.authorizes(station_id, request.headers.get("Authorization")):
                self.refused.append(station_id)
                return connection.respond(401, "bad credentials\n")
            return None

        return await websockets.serve(
            self._connected, "127.0.0.1", self.port, subprotocols=["ocpp2.0.1"], ssl=self.security.ssl_context(), process_request=check
        )

    async def _connected(self, connection):
        station_id = connection.request.path.rstrip("/").split("/")[-1]
        station = SecureStation201(station_id, connection, self)
        self.stations[station_id] = station
        try:
            await station.start()
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.stations.get(station_id) is station:
                del self.stations[station_id]

    @property
    def url(self) -> str:
        return f"{'wss' if self.security.tls else 'ws'}://127.0.0.1:{self.port}/ocpp"


@pytest.fixture
def certificates(tmp_path: Path) -> dict:
    """A CA, a server certificate it signed, and one signed by a CA the station never trusts."""
    ca, stranger = make_ca(), make_ca("Someone else's CA")
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "server", "server-key", "untrusted", "untrusted-key")}
    paths["ca"].write_text(ca.certificate)
    make_server_certificate(ca).write(paths["server"], paths["server-key"])
    make_server_certificate(stranger).write(paths["untrusted"], paths["untrusted-key"])
    return {"paths": paths, "ca": ca}


@pytest.fixture
def servers():
    started: list[SecureCSMS201] = []

    def start(security: Security, port: int = 0, listening: bool = True) -> SecureCSMS201:
        server = SecureCSMS201(security, port)
        if listening:
            server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        if server._server is not None:
            server.stop()


@pytest.fixture
def run_station(tmp_path: Path):
    started: list[Station201Process] = []

    def run(csms: SecureCSMS201) -> Station201Process:
        if not STATION_BINARY.is_file():
            pytest.fail(f"the station executable is missing at {STATION_BINARY}")
        config = tmp_path / "station.yaml"
        config.write_text("\n".join([
            f"station: {{ chargePointId: {STATION_ID}, vendor: MAXERO, model: 200QC, firmwareVersion: 1.0.0 }}",
            "csms:",
            "  url: ws://127.0.0.1:9/ocpp",
            "  securityProfile: 1",
            f"  authorizationKey: {KEY}",
            "  reconnectInitialSeconds: 1",
            "  reconnectMaximumSeconds: 2",
            f"hardware: {{ board: {CONFIGS / 'boards' / 'maxero-200qc.yaml'}, devices: simulated }}",
            "firmware: { installer: simulated }",
        ]) + "\n")  # fmt: skip
        station = Station201Process(csms, STATION_ID, tmp_path / "data", config, tmp_path)
        started.append(station)
        return station.start()

    yield run
    for station in started:
        if station.process is not None and station.process.poll() is None:
            assert station.terminate() == 0, station.log_tail()
    assert validate_sent_frames(tmp_path) > 0


def registered(csms: SecureCSMS201, after: int = 0, **fields) -> None:
    csms.wait_call("BootNotification", after, **fields)
    csms.wait_call("StatusNotification", after, evseId=2, connectorStatus="Available")


def variable(csms: SecureCSMS201, component: str, name: str) -> dict:
    answer = csms.call(STATION_ID, call.GetVariables(get_variable_data=[{"component": {"name": component}, "variable": {"name": name}}]))
    return answer.get_variable_result[0]


def set_variable(csms: SecureCSMS201, component: str, name: str, value: str) -> str:
    answer = csms.call(
        STATION_ID, call.SetVariables(set_variable_data=[{"component": {"name": component}, "variable": {"name": name}, "attribute_value": value}])
    )
    return answer.set_variable_result[0]["attribute_status"]


def install_root(csms: SecureCSMS201, pem: str) -> str:
    return csms.call(STATION_ID, call.InstallCertificate(certificate_type="CSMSRootCertificate", certificate=pem)).status


def network_profile(csms: SecureCSMS201, slot: int, url: str, profile: int) -> str:
    data = {"ocpp_version": "OCPP20", "ocpp_transport": "JSON", "ocpp_csms_url": url, "message_timeout": 30, "security_profile": profile,
            "ocpp_interface": "Wired0"}  # fmt: skip
    return csms.call(STATION_ID, call.SetNetworkProfile(configuration_slot=slot, connection_data=data)).status


def reset(csms: SecureCSMS201) -> None:
    assert csms.call(STATION_ID, call.Reset(type="Immediate")).status == "Accepted"


def security_events(csms: SecureCSMS201, after: int = 0) -> list[str]:
    return [event["type"] for event in csms.calls("SecurityEventNotification", after)]


def test_profile_1_password_is_checked_by_the_server_and_changed_with_set_variables(servers, run_station):
    plain = servers(Security(password=KEY))
    station = run_station(plain)
    registered(plain, reason="PowerUp")
    assert plain.refused == [], "the station file's key was right"
    assert variable(plain, "SecurityCtrlr", "SecurityProfile")["attribute_value"] == "1"
    password = variable(plain, "SecurityCtrlr", "BasicAuthPassword")
    assert password["attribute_status"] == "Rejected" and "attribute_value" not in password, "write-only"
    assert set_variable(plain, "SecurityCtrlr", "BasicAuthPassword", "too-short") == "Rejected"
    assert set_variable(plain, "SecurityCtrlr", "BasicAuthPassword", NEW_KEY) == "Accepted"
    wait_until(lambda: "ReconfigurationOfSecurityParameters" in security_events(plain), what="the password change as a security event")
    plain.security = Security(password=NEW_KEY)
    mark = plain.mark()
    reset(plain)
    registered(plain, mark, reason="RemoteReset")
    assert plain.refused == [], "the new password was used after the reboot"
    wait_until(lambda: "ResetOrReboot" in security_events(plain, mark), what="ResetOrReboot delivered after the reboot")
    assert NEW_KEY not in station.log_path.read_text(errors="replace"), "the password is never logged"


def test_set_network_profile_and_reset_move_the_station_to_profile_2_trusting_an_installed_root(servers, run_station, certificates):
    paths = certificates["paths"]
    plain = servers(Security(password=KEY))
    tls = servers(Security(password=KEY, certificate=paths["server"], key=paths["server-key"]))
    run_station(plain)
    registered(plain)
    assert network_profile(plain, 1, tls.url, 2) == "Rejected", "no CSMSRootCertificate yet"
    assert install_root(plain, certificates["ca"].certificate) == "Accepted"
    assert network_profile(plain, 1, tls.url, 2) == "Accepted"
    assert set_variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0") == "RebootRequired"
    reset(plain)
    registered(tls, reason="RemoteReset")
    assert variable(tls, "SecurityCtrlr", "SecurityProfile")["attribute_value"] == "2"
    wait_until(lambda: "StartupOfTheDevice" in security_events(tls), what="StartupOfTheDevice over TLS")
    ids = tls.call(STATION_ID, call.GetInstalledCertificateIds(certificate_type=["CSMSRootCertificate"]))
    assert ids.status == "Accepted" and len(ids.certificate_hash_data_chain) == 1
    assert network_profile(tls, 2, plain.url, 1) == "Rejected", "a lower security profile than the one in force"


def test_a_slot_that_cannot_connect_falls_back_to_the_next_with_a_security_event(servers, run_station, certificates):
    paths = certificates["paths"]
    plain = servers(Security(password=KEY))
    untrusted = servers(Security(password=KEY, certificate=paths["untrusted"], key=paths["untrusted-key"]))
    station = run_station(plain)
    registered(plain)
    assert install_root(plain, certificates["ca"].certificate) == "Accepted"
    assert network_profile(plain, 1, untrusted.url, 2) == "Accepted"
    assert set_variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0") == "RebootRequired"
    mark = plain.mark()
    reset(plain)
    registered(plain, mark, reason="RemoteReset")
    assert untrusted.calls("BootNotification") == [], "the untrusted server was never talked to"
    wait_until(lambda: "ReconfigurationOfSecurityParameters" in security_events(plain, mark), what="the fallback as a security event")
    fallback = [e for e in plain.calls("SecurityEventNotification", mark) if e["type"] == "ReconfigurationOfSecurityParameters"][0]
    assert "slot 1" in fallback["techInfo"] and "slot 0" in fallback["techInfo"], fallback
    assert "InvalidCsmsCertificate" in station.log_path.read_text(errors="replace")


def test_a_csr_is_signed_installed_and_presented_at_profile_3(servers, run_station, certificates):
    paths, ca = certificates["paths"], certificates["ca"]
    plain = servers(Security(password=KEY))
    mutual = servers(Security(certificate=paths["server"], key=paths["server-key"], client_ca=paths["ca"]))
    run_station(plain)
    registered(plain)
    assert install_root(plain, ca.certificate) == "Accepted"
    assert set_variable(plain, "SecurityCtrlr", "OrganizationName", "ACME Charging") == "Accepted"
    mark = plain.mark()
    assert plain.call(STATION_ID, call.TriggerMessage(requested_message="SignChargingStationCertificate")).status == "Accepted"
    request = plain.wait_call("SignCertificate", mark)
    assert request["certificateType"] == "ChargingStationCertificate"
    from cryptography import x509

    subject = x509.load_pem_x509_csr(request["csr"].encode()).subject.rfc4514_string()
    assert f"CN={STATION_ID}" in subject and "O=ACME Charging" in subject, subject
    stranger = make_ca("Someone else's CA")
    refused = plain.call(STATION_ID, call.CertificateSigned(certificate_chain=sign_csr(request["csr"], stranger)))
    assert refused.status == "Rejected"
    signed = plain.call(STATION_ID, call.CertificateSigned(certificate_chain=sign_csr(request["csr"], ca), certificate_type="ChargingStationCertificate"))
    assert signed.status == "Accepted"
    assert network_profile(plain, 2, mutual.url, 3) == "Accepted"
    assert set_variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "2,0") == "RebootRequired"
    reset(plain)
    registered(mutual, reason="RemoteReset")
    assert variable(mutual, "SecurityCtrlr", "SecurityProfile")["attribute_value"] == "3"


def test_a_critical_event_raised_offline_survives_kill_9_and_is_delivered(servers, run_station):
    unreachable = servers(Security(password=KEY), port=free_port(), listening=False)
    station = run_station(unreachable)
    wait_until(lambda: "security event StartupOfTheDevice" in station.log_path.read_text(errors="replace"), what="StartupOfTheDevice raised")
    station.kill()
    unreachable.start()
    station.start()
    registered(unreachable, reason="PowerUp")
    wait_until(lambda: len(security_events(unreachable)) >= 2, what="both StartupOfTheDevice events")
    first, second = unreachable.calls("SecurityEventNotification")[:2]
    assert first["type"] == second["type"] == "StartupOfTheDevice"
    assert first["timestamp"] < second["timestamp"], "the killed run's event first"


def test_the_dev_csms_signs_a_201_station_csr(tmp_path: Path):
    csms = CSMSProcess("--ocpp-version", "2.0.1", "--certs", str(tmp_path / "certs"))
    station = Station201Process(SimpleNamespace(url=f"ws://127.0.0.1:{csms.port}/ocpp"), "V201-CSR", tmp_path / "data", ROOT / "configs/simulated.yaml", tmp_path)
    try:
        station.start()
        root = (tmp_path / "certs" / "ca.pem").read_text()

        def call(action: str, payload: dict) -> dict:
            result = csms.call("V201-CSR", action, json.dumps(payload))
            assert result.returncode == 0, result
            return json.loads(result.stdout)

        wait_until(lambda: csms.call("V201-CSR", "GetVariables", json.dumps(
            {"getVariableData": [{"component": {"name": "SecurityCtrlr"}, "variable": {"name": "Identity"}}]})).returncode == 0,
            what="the station connected to the dev CSMS")  # fmt: skip
        assert call("InstallCertificate", {"certificateType": "CSMSRootCertificate", "certificate": root}) == {"status": "Accepted"}
        assert call("TriggerMessage", {"requestedMessage": "SignChargingStationCertificate"}) == {"status": "Accepted"}
        wait_until(lambda: "charging station certificate installed" in station.log_path.read_text(errors="replace"), what="the signed certificate installed")
    finally:
        if station.process is not None and station.process.poll() is None:
            station.terminate()
        csms.stop()
    assert validate_sent_frames(tmp_path) > 0
