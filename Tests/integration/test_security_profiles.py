"""Security profiles against real peers: the project's CSMS (python `ocpp`) with HTTP Basic
credentials and TLS certificates made at test time with python `cryptography`, and the built
`station`. A central system moves a station from profile 0 to 1 and from 1 to 2 (the station
reconnects without rebooting), a new AuthorizationKey is used from the next connection, profile 3
connects with the client certificate; a profile whose connection fails falls back to the previous
one, also after a power cut; an expired server certificate is refused and logged; a silent server
does not hold the link; a critical security event raised while the central system is unreachable
survives kill -9 and is delivered once it is reachable.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from conftest import CONFIGS, TestCSMS, StationProcess, free_port, wait_until
from csms import Security
from csms.certificates import make_ca, make_client_certificate, make_server_certificate

KEY = "0123456789ABCDEF0123456789ABCDEF"  # the AuthorizationKey (hex text, used as the password as is)
STATION_ID = "SEC-1"


class SecureCSMS(TestCSMS):
    """The test CSMS on a chosen port (0: any) with the given security demands."""

    __test__ = False

    def __init__(self, security: Security, port: int = 0) -> None:
        super().__init__()
        self.csms.security = security
        self.fixed_port = port

    async def _listen(self):
        return await self.csms.listen("127.0.0.1", self.fixed_port).__aenter__()

    @property
    def url(self) -> str:
        return f"{'wss' if self.csms.security.tls else 'ws'}://127.0.0.1:{self.port}/ocpp"

    def connections(self, station_id: str = STATION_ID) -> int:
        return sum(1 for line in self.lines if line.split("  ", 1)[-1].startswith(f"{station_id} connected"))


@pytest.fixture
def certificates(tmp_path: Path) -> dict[str, Path]:
    """A CA, a server certificate it signed, an expired one, and one from a CA the station does not trust."""
    ca, stranger = make_ca(), make_ca("Someone else's CA")
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "server", "server-key", "expired", "expired-key", "untrusted", "untrusted-key")}
    paths["ca"].write_text(ca.certificate)
    make_server_certificate(ca).write(paths["server"], paths["server-key"])
    make_server_certificate(ca, expired=True).write(paths["expired"], paths["expired-key"])
    make_server_certificate(stranger).write(paths["untrusted"], paths["untrusted-key"])
    return paths


@pytest.fixture
def servers():
    started: list[SecureCSMS] = []

    def start(security: Security, port: int = 0) -> SecureCSMS:
        server = SecureCSMS(security, port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
        print("\n".join(server.lines))


def station_config(
    tmp_path: Path, profile: int, certificates: dict[str, Path] | None = None, secure_url: str | None = None, key: str | None = None,
    url: str = "ws://127.0.0.1:9/ocpp",
) -> Path:
    """A station file like configs/simulated.yaml with the given csms security settings (`--csms`
    overrides `url` when the station runs)."""
    lines = [
        "station: { chargePointId: SEC-1, vendor: MAXERO, model: 200QC, firmwareVersion: 1.0.0 }",
        "csms:",
        f"  url: {url}",
        f"  securityProfile: {profile}",
        "  reconnectInitialSeconds: 1",
        "  reconnectMaximumSeconds: 2",
    ]
    if key:
        lines.append(f"  authorizationKey: {key}")
    if certificates:
        lines.append(f"  caCertificate: {certificates['ca']}")
    if secure_url:
        lines.append(f"  secureUrl: {secure_url}")
    lines += [f"hardware: {{ board: {CONFIGS / 'boards' / 'maxero-200qc.yaml'}, devices: simulated }}", "firmware: { installer: simulated }"]
    path = tmp_path / f"station-{profile}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def run_station(tmp_path: Path):
    started: list[StationProcess] = []

    def run(csms: SecureCSMS, config: Path) -> StationProcess:
        station = StationProcess(csms, STATION_ID, tmp_path / "data", config, tmp_path)
        started.append(station)
        return station.start()

    yield run
    for station in started:
        station.terminate()


def security_profile(csms: SecureCSMS) -> str:
    answer = csms.call(STATION_ID, "GetConfiguration", {"key": ["SecurityProfile"]})
    return answer["configurationKey"][0]["value"]


def station_log(station: StationProcess) -> str:
    return station.log_path.read_text(errors="replace")


def test_a_central_system_moves_a_station_from_profile_0_to_basic_authentication(servers, run_station, tmp_path):
    plain = servers(Security())
    station = run_station(plain, station_config(tmp_path, 0))
    station.wait_registered()
    assert station.call("ChangeConfiguration", {"key": "SecurityProfile", "value": "1"}) == {"status": "Rejected"}, "no key yet"
    station.configure("AuthorizationKey", KEY)
    plain.csms.security = Security(password=KEY)  # from now on Basic credentials are required
    mark = plain.mark()
    station.configure("SecurityProfile", "1")
    wait_until(lambda: plain.connections() >= 2, what="the station reconnecting with Basic credentials")
    plain.wait_connected(STATION_ID)
    wait_until(lambda: (s := station.snapshot()) and s["connected"], what="the station connected again")
    assert security_profile(plain) == "1"
    assert not plain.calls("BootNotification", mark), "a reconnect, not a reboot"
    assert "refused" not in "\n".join(plain.lines), "the credentials were right the first time"
    assert KEY not in station_log(station), "the key is never logged"


def test_profile_2_connects_over_tls_to_the_secure_url(servers, run_station, certificates, tmp_path):
    plain = servers(Security(password=KEY))
    tls = servers(Security(password=KEY, certificate=certificates["server"], key=certificates["server-key"]))
    station = run_station(plain, station_config(tmp_path, 1, certificates, secure_url=tls.url, key=KEY))
    station.wait_registered()
    station.configure("SecurityProfile", "2")
    tls.wait_connected(STATION_ID)
    assert security_profile(tls) == "2"
    assert not tls.calls("BootNotification"), "a reconnect, not a reboot"


def test_a_profile_that_cannot_connect_falls_back_to_the_previous_one(servers, run_station, certificates, tmp_path):
    plain = servers(Security(password=KEY))
    untrusted = servers(Security(password=KEY, certificate=certificates["untrusted"], key=certificates["untrusted-key"]))
    station = run_station(plain, station_config(tmp_path, 1, certificates, secure_url=untrusted.url, key=KEY))
    station.wait_registered()
    station.configure("SecurityProfile", "2")
    wait_until(lambda: "back to SecurityProfile 1" in station_log(station), timeout=30, what="the fallback")
    wait_until(lambda: plain.connections() >= 2, what="the station back on the profile 1 connection")
    plain.wait_connected(STATION_ID)
    wait_until(lambda: (s := station.snapshot()) and s["connected"], what="the station connected again")
    assert security_profile(plain) == "1"
    assert STATION_ID not in untrusted.csms.stations
    assert "security event InvalidCentralSystemCertificate" in station_log(station)


def test_an_expired_server_certificate_is_refused_and_logged(servers, run_station, certificates, tmp_path):
    expired = servers(Security(password=KEY, certificate=certificates["expired"], key=certificates["expired-key"]))
    station = run_station(expired, station_config(tmp_path, 2, certificates, key=KEY, url=expired.url))
    wait_until(lambda: "security event InvalidCentralSystemCertificate" in station_log(station), what="the refused certificate logged")
    assert STATION_ID not in expired.csms.stations
    assert not (station.snapshot() or {}).get("connected")


def test_a_security_event_raised_offline_survives_kill_9_and_is_delivered(servers, run_station, tmp_path):
    port = free_port()

    class Unreachable:
        url = f"ws://127.0.0.1:{port}/ocpp"

    config = station_config(tmp_path, 0)
    offline = StationProcess(Unreachable(), STATION_ID, tmp_path / "data", config, tmp_path)
    offline.start()
    wait_until(lambda: "cannot connect" in station_log(offline), what="a failed connection attempt")
    offline.kill()  # its StartupOfTheDevice was never delivered
    csms = servers(Security(), port)
    station = run_station(csms, config)
    station.wait_registered()
    csms.wait_call("SecurityEventNotification", type="StartupOfTheDevice")
    wait_until(lambda: len([f for f in csms.calls("SecurityEventNotification") if f.payload["type"] == "StartupOfTheDevice"]) == 2,
               what="both startups delivered (the one before kill -9 and this one)")  # fmt: skip
    stamps = [f.payload["timestamp"] for f in csms.calls("SecurityEventNotification")]
    assert stamps == sorted(stamps), "in the order they happened"


def test_a_new_authorization_key_is_used_from_the_next_connection(servers, run_station, tmp_path):
    plain = servers(Security(password=KEY))
    station = run_station(plain, station_config(tmp_path, 1, key=KEY))
    station.wait_registered()
    new_key = "FEDCBA9876543210FEDCBA9876543210"
    plain.csms.security = Security(password=new_key)  # the central system expects the new key from now on
    station.configure("AuthorizationKey", new_key)
    wait_until(lambda: plain.connections() >= 2, what="the station reconnecting with the new key")
    plain.wait_connected(STATION_ID)
    assert "refused" not in "\n".join(plain.lines), "the new key was used at once"
    assert new_key not in station_log(station), "the key is never logged"


def test_a_profile_change_cut_by_a_power_loss_still_falls_back(servers, run_station, certificates, tmp_path):
    import json
    import sqlite3

    plain = servers(Security(password=KEY))
    untrusted = servers(Security(password=KEY, certificate=certificates["untrusted"], key=certificates["untrusted-key"]))
    config = station_config(tmp_path, 1, certificates, secure_url=untrusted.url, key=KEY)
    station = run_station(plain, config)
    station.wait_registered()
    station.kill()
    # The state a power cut leaves right after an accepted SecurityProfile 2 (before any
    # connection with it): the raised key and the security to fall back to, both stored.
    with sqlite3.connect(tmp_path / "data" / "station.sqlite") as database:
        database.execute("INSERT OR REPLACE INTO configuration(key, value) VALUES ('SecurityProfile', '2')")
        fallback = json.dumps({"securityProfile": 1, "authorizationKey": KEY})
        database.execute("INSERT OR REPLACE INTO documents(name, body) VALUES ('securityFallback', ?)", (fallback,))
    mark = plain.mark()
    station.start()
    wait_until(lambda: "back to SecurityProfile 1" in station_log(station), timeout=30, what="the fallback after the restart")
    plain.wait_call("BootNotification", mark)
    station.wait_registered(timeout=30)
    assert security_profile(plain) == "1"
    assert STATION_ID not in untrusted.csms.stations


def test_a_server_that_never_finishes_the_handshake_does_not_hold_the_link(run_station, certificates, tmp_path):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel's backlog), never speaks TLS
    url = f"wss://127.0.0.1:{silent.getsockname()[1]}/ocpp"

    class Silent:
        pass

    Silent.url = url
    try:
        station = run_station(Silent(), station_config(tmp_path, 2, certificates, key=KEY, url=url))
        wait_until(lambda: station_log(station).count("cannot connect to the central system") >= 1, timeout=40,
                   what="the stuck handshake given up (20 s) and the next attempt scheduled")  # fmt: skip
    finally:
        silent.close()


def test_profile_3_connects_with_the_client_certificate(servers, run_station, certificates, tmp_path):
    client_ca = make_ca("Charge point CA")  # the CA the central system trusts for client certificates
    (tmp_path / "client-ca.pem").write_text(client_ca.certificate)
    make_client_certificate(client_ca, STATION_ID, "Example CPO").write(tmp_path / "client.pem", tmp_path / "client.key")
    tls = servers(Security(certificate=certificates["server"], key=certificates["server-key"], client_ca=tmp_path / "client-ca.pem"))
    config = station_config(tmp_path, 3, certificates, url=tls.url)
    config.write_text(config.read_text().replace(
        "  securityProfile: 3\n",
        f"  securityProfile: 3\n  clientCertificate: {tmp_path / 'client.pem'}\n  clientKey: {tmp_path / 'client.key'}\n",
    ))  # fmt: skip
    station = run_station(tls, config)
    station.wait_registered()
    assert security_profile(tls) == "3"


def test_an_installed_central_system_root_is_trusted_at_profile_2(servers, run_station, certificates, tmp_path):
    """The station file names no CA: the root that the central system installs with
    InstallCertificate is what the TLS connection of profile 2 verifies the server against."""
    plain = servers(Security(password=KEY))
    tls = servers(Security(password=KEY, certificate=certificates["server"], key=certificates["server-key"]))
    station = run_station(plain, station_config(tmp_path, 1, secure_url=tls.url, key=KEY))
    station.wait_registered()
    assert station.call("ChangeConfiguration", {"key": "SecurityProfile", "value": "2"})["status"] == "Rejected", "no root to trust yet"
    installed = station.call(
        "InstallCertificate", {"certificateType": "CentralSystemRootCertificate", "certificate": certificates["ca"].read_text()}
    )
    assert installed == {"status": "Accepted"}
    station.configure("SecurityProfile", "2")
    tls.wait_connected(STATION_ID)
    assert security_profile(tls) == "2"
    assert not tls.calls("BootNotification"), "a reconnect, not a reboot"
