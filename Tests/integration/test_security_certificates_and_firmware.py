"""The Security extension's certificates and signed firmware, driven from the test CSMS (the
project's, on the python `ocpp` package), with python `cryptography` as the other side: it makes
the CAs, checks the station's CSR and signs it, and signs firmware images served over local HTTP.

InstallCertificate and GetInstalledCertificateIds (hash data compared with `cryptography`'s view
of the certificate), garbage refused; ExtendedTriggerMessage SignChargePointCertificate sends a
CSR for CN = the charge point id, CertificateSigned with a certificate for another key or from an
unknown CA is Rejected (each raising the security event InvalidChargePointCertificate), the right
one Accepted and its key kept 0600. The CSR's O is CpoName. SignedUpdateFirmware with a
good signature goes Downloading, Downloaded, SignatureVerified, Installing, reboot, Installed; a
wrong signature ends in InvalidSignature without installing; a signing certificate that does not
chain to an installed ManufacturerRootCertificate is answered InvalidCertificate.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from test_firmware_and_diagnostics import IMAGE, INSTALL_WAIT, NEW_VERSION, http_files, ocpp_time  # noqa: F401 (fixture)

GARBAGE_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class CA:
    """A CA (EC P-256 or RSA 2048) valid from yesterday for ten years."""

    def __init__(self, name: str, use_rsa: bool = False):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if use_rsa else ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = self.issue(self.name, self.key.public_key(), ca=True, issuer_name=self.name)

    def issue(self, subject: x509.Name, public_key, ca: bool = False, issuer_name: x509.Name | None = None) -> x509.Certificate:
        now = datetime.datetime.now(datetime.timezone.utc)
        return (
            x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name or self.name).public_key(public_key)
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )  # fmt: skip

    def sign_csr(self, csr_pem: str) -> str:
        csr = x509.load_pem_x509_csr(csr_pem.encode())
        return pem(self.issue(csr.subject, csr.public_key()))


def expected_hash_data(certificate: x509.Certificate) -> dict:
    """CertificateHashData of a self-signed certificate, from cryptography's view of it."""
    public = certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        key_bits = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    else:
        key_bits = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    return {
        "hashAlgorithm": "SHA256",
        "issuerNameHash": hashlib.sha256(certificate.issuer.public_bytes()).hexdigest(),
        "issuerKeyHash": hashlib.sha256(key_bits).hexdigest(),
        "serialNumber": format(certificate.serial_number, "x"),
    }


def security_events(station) -> list[str]:
    """The kinds of the security events in the station's log, in order."""
    lines = station.log_path.read_text(errors="replace").splitlines()
    return [line.split("security event ", 1)[1].split(":")[0].split()[0] for line in lines if "security event " in line]


def install(station, use: str, certificate_pem: str) -> str:
    return station.call("InstallCertificate", {"certificateType": use, "certificate": certificate_pem})["status"]


def test_certificates_and_the_charge_point_certificate(csms, station):
    root = CA("IT CSMS Root")
    assert install(station, "CentralSystemRootCertificate", GARBAGE_PEM) == "Rejected"
    assert install(station, "CentralSystemRootCertificate", pem(root.certificate)) == "Accepted"
    ids = station.call("GetInstalledCertificateIds", {"certificateType": "CentralSystemRootCertificate"})
    assert ids == {"status": "Accepted", "certificateHashData": [expected_hash_data(root.certificate)]}
    assert station.call("DeleteCertificate", {"certificateHashData": ids["certificateHashData"][0]}) == {"status": "Failed"}, "the last root stays"

    assert station.call("ChangeConfiguration", {"key": "CpoName", "value": "IT Operator"}) == {"status": "Accepted"}
    mark = csms.mark()
    assert station.call("ExtendedTriggerMessage", {"requestedMessage": "SignChargePointCertificate"}) == {"status": "Accepted"}
    csr_pem = csms.wait_call("SignCertificate", mark).payload["csr"]
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    assert csr.is_signature_valid
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == station.station_id
    assert csr.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "IT Operator"

    other_key = ec.generate_private_key(ec.SECP256R1())
    for_another_key = pem(root.issue(csr.subject, other_key.public_key()))
    assert station.call("CertificateSigned", {"certificateChain": for_another_key}) == {"status": "Rejected"}
    from_unknown_ca = CA("IT Unknown CA").sign_csr(csr_pem)
    assert station.call("CertificateSigned", {"certificateChain": from_unknown_ca}) == {"status": "Rejected"}
    assert station.call("CertificateSigned", {"certificateChain": GARBAGE_PEM}) == {"status": "Rejected"}
    assert not (station.data_dir / "keys" / "charge-point.pem").exists(), "nothing installed by a refused chain"
    assert security_events(station).count("InvalidChargePointCertificate") == 3

    chain = root.sign_csr(csr_pem)
    assert station.call("CertificateSigned", {"certificateChain": chain}) == {"status": "Accepted"}
    credentials = station.data_dir / "keys" / "charge-point.pem"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    stored = credentials.read_text()
    key = serialization.load_pem_private_key(stored.encode(), password=None)
    assert key.public_key().public_numbers() == csr.public_key().public_numbers(), "the stored key is the CSR's"
    assert x509.load_pem_x509_certificate(stored[stored.index("-----BEGIN CERTIFICATE-----"):].encode()) == x509.load_pem_x509_certificate(chain.encode())
    assert "PRIVATE KEY" not in station.log_path.read_text(errors="replace"), "the key is never logged"


def signed_firmware_statuses(csms, after: int, before: int | None = None) -> list[str]:
    return [f.payload["status"] for f in csms.calls("SignedFirmwareStatusNotification", after, before)]


def signed_update(station, location: str, signing: x509.Certificate, signature: bytes, request_id: int) -> str:
    firmware = {
        "location": location, "retrieveDateTime": ocpp_time(), "signingCertificate": pem(signing),
        "signature": base64.b64encode(signature).decode(),
    }  # fmt: skip
    return station.call("SignedUpdateFirmware", {"requestId": request_id, "retries": 1, "firmware": firmware})["status"]


@pytest.mark.parametrize("use_rsa", [True, False], ids=["rsa", "ecdsa"])
def test_signed_firmware_update(csms, station, http_files, use_rsa):
    manufacturer = CA("IT Manufacturer Root", use_rsa=use_rsa)
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if use_rsa else ec.generate_private_key(ec.SECP256R1())
    signer = manufacturer.issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IT Firmware Signer")]), signer_key.public_key())

    def sign(data: bytes) -> bytes:
        if use_rsa:
            return signer_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return signer_key.sign(data, ec.ECDSA(hashes.SHA256()))

    (http_files.root / "fw.img").write_bytes(IMAGE)
    location = http_files.url("fw.img")
    # Without an installed ManufacturerRootCertificate the signing certificate cannot verify.
    assert signed_update(station, location, signer, sign(IMAGE), 1) == "InvalidCertificate"
    assert install(station, "ManufacturerRootCertificate", pem(manufacturer.certificate)) == "Accepted"
    stranger = CA("IT Stranger").issue(signer.subject, signer_key.public_key())
    assert signed_update(station, location, stranger, sign(IMAGE), 2) == "InvalidCertificate"

    # A signature over other bytes: downloaded, then InvalidSignature, never installed.
    mark = csms.mark()
    assert signed_update(station, location, signer, sign(b"another image"), 3) == "Accepted"
    csms.wait_call("SignedFirmwareStatusNotification", mark, INSTALL_WAIT, status="InvalidSignature", requestId=3)
    assert signed_firmware_statuses(csms, mark) == ["Downloading", "Downloaded", "InvalidSignature"]
    assert security_events(station).count("InvalidFirmwareSigningCertificate") == 2
    assert security_events(station).count("InvalidFirmwareSignature") == 1

    # The right signature: verified, installed, rebooted, Installed.
    mark = csms.mark()
    assert signed_update(station, location, signer, sign(IMAGE), 4) == "Accepted"
    installing = csms.wait_call("SignedFirmwareStatusNotification", mark, INSTALL_WAIT, status="Installing", requestId=4)
    boot = csms.wait_call("BootNotification", installing.index, INSTALL_WAIT)
    assert boot.payload["firmwareVersion"] == NEW_VERSION, station.log_tail()
    installed = csms.wait_call("SignedFirmwareStatusNotification", boot.index, INSTALL_WAIT, status="Installed", requestId=4)
    statuses = signed_firmware_statuses(csms, mark, installed.index + 1)
    assert statuses == ["Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"], statuses
    assert csms.calls("FirmwareStatusNotification", mark) == [], "a signed update reports with SignedFirmwareStatusNotification only"
    station.wait_registered()
