"""GetLog (Security extension) against real peers: the project's CSMS, an HTTP server and an FTP
server (pyftpdlib). The security log and the diagnostics log are uploaded as tar archives, with
LogStatusNotification Uploading then Uploaded (or UploadFailure) carrying the requestId.
"""

from __future__ import annotations

import io
import tarfile

from conftest import wait_until
from test_firmware_and_diagnostics import ftp_files, http_files  # noqa: F401  (fixtures)


def log_statuses(csms, after: int, request_id: int) -> list[str]:
    return [f.payload["status"] for f in csms.calls("LogStatusNotification", after) if f.payload.get("requestId") == request_id]


def wait_log_end(csms, after: int, request_id: int, timeout: float = 20) -> list[str]:
    return wait_until(
        lambda: (s := log_statuses(csms, after, request_id)) and s[-1] in ("Uploaded", "UploadFailure") and s,
        timeout, f"the upload of request {request_id} ending",
    )  # fmt: skip


def archive_members(data: bytes) -> dict[str, str]:
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return {name: archive.extractfile(name).read().decode(errors="replace") for name in archive.getnames()}


def test_the_security_log_is_uploaded_over_http(csms, station, http_files):  # noqa: F811
    mark = csms.mark()
    answer = station.call("GetLog", {"log": {"remoteLocation": http_files.url("/logs/")}, "logType": "SecurityLog", "requestId": 7})
    assert answer["status"] == "Accepted"
    filename = answer["filename"]
    assert filename.startswith("securitylog-") and filename.endswith(".tar")
    assert wait_log_end(csms, mark, 7) == ["Uploading", "Uploaded"]
    (upload,) = http_files.seen("PUT", f"/logs/{filename}")
    members = archive_members(upload.body)
    assert list(members) == ["security.log"]
    assert "StartupOfTheDevice (critical): firmware" in members["security.log"]


def test_the_diagnostics_log_is_uploaded_over_ftp_for_a_time_window(csms, station, ftp_files):  # noqa: F811
    mark = csms.mark()
    log = {"remoteLocation": ftp_files.url("/"), "oldestTimestamp": "2000-01-01T00:00:00.000Z"}
    answer = station.call("GetLog", {"log": log, "logType": "DiagnosticsLog", "requestId": 8, "retries": 1})
    assert answer["status"] == "Accepted"
    assert wait_log_end(csms, mark, 8) == ["Uploading", "Uploaded"]
    stored = ftp_files.root / answer["filename"]
    wait_until(lambda: stored.is_file() and stored.stat().st_size > 0, what="the archive on the FTP server")
    assert "BootNotification" in archive_members(stored.read_bytes())["ocpp.log"]


def test_an_unreachable_location_ends_in_upload_failure(csms, station):
    mark = csms.mark()
    log = {"remoteLocation": "http://127.0.0.1:9/nowhere/"}
    answer = station.call("GetLog", {"log": log, "logType": "SecurityLog", "requestId": 9, "retries": 2, "retryInterval": 1})
    assert answer["status"] == "Accepted"
    assert wait_log_end(csms, mark, 9) == ["Uploading", "Uploading", "UploadFailure"]
