"""OCPP 2.0.1 Firmware management (L) and GetLog (N) of the `station` binary against the python
`ocpp` v201 CSMS, with a real HTTP file server started by the test: UpdateFirmware's
FirmwareStatusNotifications with the requestId up to InstallRebooting, the boot with reason
FirmwareUpdate and the new version, Installed after it; a signed image (python `cryptography`)
with a good and a bad signature against an installed ManufacturerRootCertificate; a kill -9
while the installation is scheduled that resumes it; GetLog of the diagnostics and the security
log with LogStatusNotification, a second GetLog that cancels the first, and the triggers when
nothing runs. Every frame the station sent is checked against the 2.0.1 schemas (start201).
"""

from __future__ import annotations

import base64
import io
import json
import sqlite3
import tarfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ocpp.v201 import call

from conftest import wait_until
from test_firmware_and_diagnostics import IMAGE, INSTALL_WAIT, NEW_VERSION, http_files, ocpp_time  # noqa: F401 (fixture)
from test_ocpp201_station import booted, csms201, start201  # noqa: F401 (fixtures)
from test_security_certificates_and_firmware import CA, pem

STATION = "V201-1"


def firmware_statuses(csms201, after: int, request_id: int) -> list[str]:
    return [c["status"] for c in csms201.calls("FirmwareStatusNotification", after) if c.get("requestId") == request_id]


def wait_firmware(csms201, after: int, request_id: int, last: str, timeout: float = INSTALL_WAIT) -> list[str]:
    return wait_until(
        lambda: (s := firmware_statuses(csms201, after, request_id)) and s[-1] == last and s, timeout, f"FirmwareStatusNotification {last}"
    )


def update_firmware(csms201, request_id: int, location: str, **firmware) -> str:
    answer = csms201.call(
        STATION, call.UpdateFirmware(request_id=request_id, retries=1, firmware={"location": location, "retrieve_date_time": ocpp_time(), **firmware})
    )
    return answer.status


def install_manufacturer_root(station, csms201, root_pem: str):
    """Writes the ManufacturerRootCertificate into the stopped station's store, where
    InstallCertificate keeps it (2.0.1 InstallCertificate is not on this branch), and starts it."""
    assert station.terminate() == 0, station.log_tail()
    with sqlite3.connect(station.data_dir / "station.sqlite") as database:
        body = json.dumps({"certificates": [{"use": "ManufacturerRootCertificate", "pem": root_pem}]})
        database.execute("INSERT OR REPLACE INTO documents(name, body) VALUES ('installedCertificates', ?)", (body,))
    mark = csms201.mark()
    station.start()
    csms201.wait_call("StatusNotification", mark, evseId=2)
    csms201.wait_connected(STATION)


def test_an_update_installs_reboots_with_reason_firmware_update_and_reports_installed(csms201, start201, http_files):  # noqa: F811
    station = booted(csms201, start201)
    (http_files.root / "maxero-2.0.0.bin").write_bytes(IMAGE)
    mark = csms201.mark()
    assert update_firmware(csms201, 21, http_files.url("/maxero-2.0.0.bin")) == "Accepted"
    boot = csms201.wait_call("BootNotification", mark, timeout=INSTALL_WAIT)
    assert boot["reason"] == "FirmwareUpdate" and boot["chargingStation"]["firmwareVersion"] == NEW_VERSION
    assert wait_firmware(csms201, mark, 21, "Installed") == ["Downloading", "Downloaded", "Installing", "InstallRebooting", "Installed"]
    assert len(http_files.seen("GET", "/maxero-2.0.0.bin")) == 1
    assert station.process.poll() is None, "the reboot is in-process"
    # Nothing runs any more: a trigger reports Idle without a requestId.
    mark = csms201.mark()
    assert csms201.call(STATION, call.TriggerMessage(requested_message="FirmwareStatusNotification")).status == "Accepted"
    assert csms201.wait_call("FirmwareStatusNotification", mark) == {"status": "Idle"}


def test_a_signed_image_is_checked_against_the_manufacturer_root(csms201, start201, http_files):  # noqa: F811
    station = booted(csms201, start201)
    manufacturer = CA("IT 2.0.1 Manufacturer")
    install_manufacturer_root(station, csms201, pem(manufacturer.certificate))
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = manufacturer.issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IT 2.0.1 Signer")]), signer_key.public_key())
    stranger = CA("Not the manufacturer").certificate
    (http_files.root / "signed.bin").write_bytes(IMAGE)
    location = http_files.url("/signed.bin")

    def signature(data: bytes) -> str:
        return base64.b64encode(signer_key.sign(data, ec.ECDSA(hashes.SHA256()))).decode()

    mark = csms201.mark()
    refused = update_firmware(csms201, 1, location, signing_certificate=pem(stranger), signature=signature(IMAGE))
    assert refused == "InvalidCertificate"
    assert update_firmware(csms201, 2, location, signing_certificate=pem(signer), signature=signature(b"another image")) == "Accepted"
    assert wait_firmware(csms201, mark, 2, "InvalidSignature") == ["Downloading", "Downloaded", "InvalidSignature"]

    assert update_firmware(csms201, 3, location, signing_certificate=pem(signer), signature=signature(IMAGE)) == "Accepted"
    boot = csms201.wait_call("BootNotification", mark, timeout=INSTALL_WAIT, reason="FirmwareUpdate")
    assert boot["chargingStation"]["firmwareVersion"] == NEW_VERSION
    assert wait_firmware(csms201, mark, 3, "Installed") == ["Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed"]

    # The security log holds the refused certificate and the bad signature.
    csms201.wait_connected(STATION)
    mark = csms201.mark()
    answer = csms201.call(STATION, call.GetLog(log={"remote_location": http_files.url("/logs/")}, log_type="SecurityLog", request_id=4))
    assert answer.status == "Accepted"
    wait_until(lambda: [c["status"] for c in csms201.calls("LogStatusNotification", mark)] == ["Uploading", "Uploaded"], 20, "the upload")
    (upload,) = http_files.seen("PUT", f"/logs/{answer.filename}")
    with tarfile.open(fileobj=io.BytesIO(upload.body)) as archive:
        log = archive.extractfile("security.log").read().decode()
    assert "InvalidFirmwareSigningCertificate" in log and "InvalidFirmwareSignature" in log and "FirmwareUpdated (critical)" in log


def test_a_kill_9_while_the_installation_is_scheduled_resumes_it(csms201, start201, http_files):  # noqa: F811
    station = booted(csms201, start201)
    (http_files.root / "later.bin").write_bytes(IMAGE)
    mark = csms201.mark()
    assert update_firmware(csms201, 31, http_files.url("/later.bin"), install_date_time=ocpp_time(8)) == "Accepted"
    assert wait_firmware(csms201, mark, 31, "InstallScheduled", timeout=15) == ["Downloading", "Downloaded", "InstallScheduled"]
    station.kill()
    wait_until(lambda: STATION not in csms201.stations, what="the CSMS seeing the station go")
    station.start()
    boot = csms201.wait_call("BootNotification", mark, timeout=INSTALL_WAIT, reason="FirmwareUpdate")
    assert boot["chargingStation"]["firmwareVersion"] == NEW_VERSION
    statuses = wait_firmware(csms201, mark, 31, "Installed")
    assert statuses == ["Downloading", "Downloaded", "InstallScheduled", "Installing", "InstallRebooting", "Installed"]
    assert len(http_files.seen("GET", "/later.bin")) == 1, "the image downloaded before the kill is installed"


def test_get_log_uploads_the_diagnostics_log_and_a_second_request_cancels_the_first(csms201, start201, http_files):  # noqa: F811
    station = booted(csms201, start201)
    mark = csms201.mark()
    # Nothing runs: Idle.
    assert csms201.call(STATION, call.TriggerMessage(requested_message="LogStatusNotification")).status == "Accepted"
    assert csms201.wait_call("LogStatusNotification", mark) == {"status": "Idle"}

    answer = csms201.call(STATION, call.GetLog(log={"remote_location": http_files.url("/diag/")}, log_type="DiagnosticsLog", request_id=41))
    assert answer.status == "Accepted" and answer.filename.endswith(".tar")
    wait_until(lambda: [c["status"] for c in csms201.calls("LogStatusNotification", mark) if c.get("requestId") == 41] == ["Uploading", "Uploaded"], 20, "the upload")
    (upload,) = http_files.seen("PUT", f"/diag/{answer.filename}")
    with tarfile.open(fileobj=io.BytesIO(upload.body)) as archive:
        assert archive.getnames(), "a tar archive with the logs"

    # An upload that fails and waits for its retry is cancelled by the next GetLog.
    mark = csms201.mark()
    refused = "http://127.0.0.1:9/nothing-listens/"
    first = csms201.call(STATION, call.GetLog(log={"remote_location": refused}, log_type="DiagnosticsLog", request_id=42, retries=3, retry_interval=60))
    assert first.status == "Accepted"
    csms201.wait_call("LogStatusNotification", mark, requestId=42, status="Uploading")
    wait_until(lambda: "log upload failed" in station.log_path.read_text(), 20, "the first attempt failing")
    second = csms201.call(STATION, call.GetLog(log={"remote_location": http_files.url("/again/")}, log_type="SecurityLog", request_id=43))
    assert second.status == "AcceptedCanceled"
    csms201.wait_call("LogStatusNotification", mark, requestId=42, status="AcceptedCanceled")
    csms201.wait_call("LogStatusNotification", mark, requestId=43, status="Uploaded")
    assert [c["status"] for c in csms201.calls("LogStatusNotification", mark) if c.get("requestId") == 42] == ["Uploading", "AcceptedCanceled"]

    # A location the station cannot upload to is reported by kind.
    mark = csms201.mark()
    csms201.call(STATION, call.GetLog(log={"remote_location": "sftp://127.0.0.1/logs/"}, log_type="DiagnosticsLog", request_id=44))
    csms201.wait_call("LogStatusNotification", mark, requestId=44, status="NotSupportedOperation")

