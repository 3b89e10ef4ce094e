"""Certificates for security profiles 2 and 3, made with the python `cryptography` package: a CA,
server certificates it signs (also already expired ones, for tests), and the signing of a
station's certificate signing request (SignCertificate -> CertificateSigned).

Everything is PEM text; keys are ECDSA P-256 (the Security Whitepaper's preferred curve) unless
RSA is asked for.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key, in PEM."""

    certificate: str
    key: str

    def write(self, certificate: Path, key: Path) -> None:
        certificate.write_text(self.certificate)
        key.write_text(self.key)
        key.chmod(0o600)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _new_key(rsa_bits: int | None):
    return rsa.generate_private_key(65537, rsa_bits) if rsa_bits else ec.generate_private_key(ec.SECP256R1())


def _key_pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def _name(common_name: str, organization: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(parts)


def make_ca(common_name: str = "ChargeStation dev CSMS CA", days: int = 3650, rsa_bits: int | None = None) -> Issued:
    """A self-signed CA certificate (CentralSystemRootCertificate) and its key."""
    key = _new_key(rsa_bits)
    name = _name(common_name)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return Issued(certificate.public_bytes(serialization.Encoding.PEM).decode(), _key_pem(key))


def _load(ca: Issued):
    return x509.load_pem_x509_certificate(ca.certificate.encode()), serialization.load_pem_private_key(ca.key.encode(), None)


def make_server_certificate(
    ca: Issued, hosts: tuple[str, ...] = ("localhost", "127.0.0.1"), days: int = 365, expired: bool = False, rsa_bits: int | None = None,
) -> Issued:
    """A TLS server certificate for `hosts` signed by `ca`; `expired` makes one whose validity
    ended yesterday (for tests of a refused server certificate)."""
    ca_certificate, ca_key = _load(ca)
    key = _new_key(rsa_bits)
    names = [x509.IPAddress(ipaddress.ip_address(h)) if h.replace(".", "").isdigit() or ":" in h else x509.DNSName(h) for h in hosts]
    start, end = (_now() - datetime.timedelta(days=30), _now() - datetime.timedelta(days=1)) if expired else (
        _now() - datetime.timedelta(minutes=5), _now() + datetime.timedelta(days=days))
    certificate = (
        x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca_certificate.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    return Issued(certificate.public_bytes(serialization.Encoding.PEM).decode(), _key_pem(key))


def make_client_certificate(ca: Issued, common_name: str, organization: str | None = None, days: int = 365) -> Issued:
    """A TLS client certificate (a charge point certificate for profile 3) signed by `ca`."""
    ca_certificate, ca_key = _load(ca)
    key = _new_key(None)
    certificate = (
        x509.CertificateBuilder().subject_name(_name(common_name, organization)).issuer_name(ca_certificate.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5)).not_valid_after(_now() + datetime.timedelta(days=days))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    return Issued(certificate.public_bytes(serialization.Encoding.PEM).decode(), _key_pem(key))


def load(certificate: Path, key: Path) -> Issued:
    """A certificate and key from PEM files."""
    return Issued(certificate.read_text(), key.read_text())


class CSRRefused(Exception):
    """A certificate signing request that is not valid (garbage, bad signature)."""


def check_csr(csr_pem: str) -> x509.CertificateSigningRequest:
    """The CSR in `csr_pem` when it is one and its signature verifies (else CSRRefused)."""
    try:
        request = x509.load_pem_x509_csr(csr_pem.encode())
    except ValueError as error:
        raise CSRRefused(f"not a PEM certificate signing request: {error}") from error
    if not request.is_signature_valid:
        raise CSRRefused("the request's signature does not verify")
    return request


def sign_csr(csr_pem: str, ca: Issued, days: int = 365) -> str:
    """Signs a station's PEM CSR with `ca` after checking its signature: a client certificate
    (ChargePointCertificate) with the CSR's subject and key. Returns the certificate followed by
    the CA certificate (the chain CertificateSigned carries)."""
    request = check_csr(csr_pem)
    ca_certificate, ca_key = _load(ca)
    certificate = (
        x509.CertificateBuilder().subject_name(request.subject).issuer_name(ca_certificate.subject).public_key(request.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=days))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    return certificate.public_bytes(serialization.Encoding.PEM).decode() + ca.certificate
