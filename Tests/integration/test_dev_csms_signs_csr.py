"""The development CSMS signs a station's certificate signing request: a python `ocpp` charge
point sends SignCertificate with a PEM CSR made with `cryptography`; the CSMS answers Accepted,
then sends CertificateSigned with a chain whose certificate carries the CSR's subject and key
and verifies against the CSMS's CA. Garbage is Rejected, with no CertificateSigned."""

from __future__ import annotations

import asyncio

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action
from websockets.asyncio.client import connect

from conftest import TestCSMS
from csms.certificates import make_ca


class CertificateClient(ChargePoint):
    def __init__(self, *arguments):
        super().__init__(*arguments)
        self.signed: asyncio.Queue[str] = asyncio.Queue()

    @on(Action.certificate_signed)
    async def on_certificate_signed(self, certificate_chain):
        await self.signed.put(certificate_chain)
        return call_result.CertificateSigned(status="Accepted")


def make_csr() -> tuple[str, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CSR-1"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example CPO")])
    request = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM).decode(), key


async def exchange(port: int, csr: str) -> tuple[str, str | None]:
    async with connect(f"ws://127.0.0.1:{port}/ocpp/CSR-1", subprotocols=["ocpp1.6"]) as socket:
        client = CertificateClient("CSR-1", socket)
        listener = asyncio.create_task(client.start())
        try:
            answer = await client.call(call.SignCertificate(csr=csr))
            try:
                chain = await asyncio.wait_for(client.signed.get(), 5 if answer.status == "Accepted" else 1)
            except asyncio.TimeoutError:
                chain = None
            await asyncio.sleep(0.2)  # the CertificateSigned answer goes out before the socket closes
            return answer.status, chain
        finally:
            listener.cancel()


def test_the_dev_csms_signs_a_csr_and_sends_certificate_signed():
    server = TestCSMS()
    ca = make_ca()
    server.csms.certificate_authority = ca
    server.start()
    try:
        csr, key = make_csr()
        status, chain = asyncio.run(exchange(server.port, csr))
        assert status == "Accepted"
        certificates = x509.load_pem_x509_certificates(chain.encode())
        authority = x509.load_pem_x509_certificate(ca.certificate.encode())
        leaf = certificates[0]
        assert leaf.public_key() == key.public_key()
        assert leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "CSR-1"
        leaf.verify_directly_issued_by(authority)
        assert certificates[-1] == authority

        status, chain = asyncio.run(exchange(server.port, "-----BEGIN CERTIFICATE REQUEST-----\ngarbage\n"))
        assert status == "Rejected" and chain is None, "garbage is refused, with no CertificateSigned"
    finally:
        server.stop()
