"""How stations must connect: the OCPP 1.6 security profiles on the CSMS's side (Basic auth,
TLS with a server certificate, client certificates), and test certificates made with python
`cryptography` (csms.certificates).

    profile 0: ws://,  no authentication
    profile 1: ws://,  HTTP Basic: user = the charge point id, password = its AuthorizationKey
    profile 2: wss://, server certificate, HTTP Basic as in profile 1
    profile 3: wss://, server certificate, the station's client certificate signed by the CA
"""

from __future__ import annotations

import base64
import ssl
from dataclasses import dataclass
from pathlib import Path

from csms import certificates

# The files `make_certificates` writes into its directory.
CA_CERTIFICATE, CA_KEY = "ca.pem", "ca.key"
SERVER_CERTIFICATE, SERVER_KEY = "server.pem", "server.key"
CLIENT_CERTIFICATE, CLIENT_KEY = "client.pem", "client.key"


class SecurityError(Exception):
    """Options that do not make a security profile, or certificates that could not be made."""


@dataclass(frozen=True)
class Security:
    """What the CSMS demands of a connecting station. Each part is independent (tests combine
    them freely); `for_profile` builds the combination a profile stands for."""

    password: str | None = None  # HTTP Basic required with this password
    certificate: Path | None = None  # TLS: the server certificate (PEM)...
    key: Path | None = None  # ...and its key
    client_ca: Path | None = None  # TLS client certificates required, signed by this CA

    @property
    def tls(self) -> bool:
        return self.certificate is not None

    @property
    def profile(self) -> int:
        """The security profile these demands amount to (0 when none)."""
        if self.client_ca is not None:
            return 3
        if self.tls:
            return 2
        return 1 if self.password is not None else 0

    @staticmethod
    def for_profile(
        profile: int | None, password: str | None = None, certificate: Path | None = None, key: Path | None = None,
        client_ca: Path | None = None, certificates: Path | None = None,
    ) -> "Security":
        """The demands of `profile` (None: exactly the given parts). Profiles 1 and 2 need a
        password; profiles 2 and 3 use `certificate`/`key`/`client_ca` when given, otherwise
        the certificates in `certificates`, made there first when missing."""
        if profile is None:
            if (certificate is None) != (key is None):
                raise SecurityError("--cert and --key go together")
            if client_ca is not None and certificate is None:
                raise SecurityError("--client-ca needs TLS (--cert and --key)")
            return Security(password, certificate, key, client_ca)
        if profile not in (0, 1, 2, 3):
            raise SecurityError(f"security profile {profile}: expected 0, 1, 2 or 3")
        if profile in (1, 2) and not password:
            raise SecurityError(f"security profile {profile} needs --password (the stations' AuthorizationKey)")
        if profile < 2:
            if certificate or key or client_ca:
                raise SecurityError(f"security profile {profile} is without TLS: drop --cert, --key and --client-ca")
            return Security(password if profile == 1 else None)
        if certificate is None or key is None or (profile == 3 and client_ca is None):
            if certificates is None:
                raise SecurityError(f"security profile {profile} needs --cert and --key{' and --client-ca' if profile == 3 else ''}, or --certs DIR")
            make_certificates(certificates)
            certificate = certificate or certificates / SERVER_CERTIFICATE
            key = key or certificates / SERVER_KEY
            client_ca = client_ca or certificates / CA_CERTIFICATE
        return Security(password, certificate, key, client_ca if profile == 3 else None)

    def ssl_context(self) -> ssl.SSLContext | None:
        """The server's TLS context (TLS 1.2 or later), None without TLS."""
        if not self.tls:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.certificate, self.key)
        if self.client_ca is not None:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.client_ca)
        return context

    def authorizes(self, station_id: str, authorization: str | None) -> bool:
        """Whether an Authorization header is good for `station_id` (always, without a password)."""
        if self.password is None:
            return True
        expected = "Basic " + base64.b64encode(f"{station_id}:{self.password}".encode()).decode()
        return authorization == expected

    def describe(self) -> str:
        parts = [f"security profile {self.profile}"]
        if self.password is not None:
            parts.append("HTTP Basic")
        if self.tls:
            parts.append(f"TLS ({self.certificate})")
        if self.client_ca is not None:
            parts.append(f"client certificates signed by {self.client_ca}")
        return ", ".join(parts)


def make_certificates(directory: Path, hosts: tuple[str, ...] = ("localhost", "127.0.0.1"), client_id: str = "station") -> Path:
    """Makes, in `directory`, whichever of these is missing (so a CA a station already trusts is
    kept): a CA (ca.pem, ca.key), a server certificate for `hosts` (server.pem, server.key) and a
    client certificate with common name `client_id` (client.pem, client.key), both signed by the
    CA, with python `cryptography` (ECDSA P-256, SHA-256; the CA 10 years, the others 1 year).
    The CA also signs the stations' certificate signing requests (SignCertificate). Returns
    `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_paths = (directory / CA_CERTIFICATE, directory / CA_KEY)
    if not all(path.exists() for path in ca_paths):
        certificates.make_ca().write(*ca_paths)
        for stale in (SERVER_CERTIFICATE, CLIENT_CERTIFICATE):
            (directory / stale).unlink(missing_ok=True)
    ca = certificates.load(*ca_paths)
    server = (directory / SERVER_CERTIFICATE, directory / SERVER_KEY)
    if not all(path.exists() for path in server):
        certificates.make_server_certificate(ca, hosts).write(*server)
    client = (directory / CLIENT_CERTIFICATE, directory / CLIENT_KEY)
    if not all(path.exists() for path in client):
        certificates.make_client_certificate(ca, client_id).write(*client)
    return directory


def certificate_authority(directory: Path) -> certificates.Issued | None:
    """The CA in `directory` (made by `make_certificates`), or None when there is none."""
    paths = (directory / CA_CERTIFICATE, directory / CA_KEY)
    return certificates.load(*paths) if all(path.exists() for path in paths) else None
