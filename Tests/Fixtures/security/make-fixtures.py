#!/usr/bin/env python3
# Makes the certificates of Tests/StationCoreTests/Security/SecurityFixtures.swift (python
# `cryptography`) and their expected CertificateHashData (independently, with `openssl ocsp`,
# whose CertID is the same hash data). Run once: python3 Tests/Fixtures/security/make-fixtures.py
import datetime, os, re, subprocess, sys, tempfile
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ChargeStation Tests"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

def make(subject, key, serial, issuer=None, issuer_key=None, ca=True, start=2020, end=2120):
    builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(issuer.subject if issuer else name(subject))
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(datetime.datetime(start, 1, 1, tzinfo=datetime.timezone.utc))
               .not_valid_after(datetime.datetime(end, 1, 1, tzinfo=datetime.timezone.utc))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    return builder.sign(issuer_key or key, hashes.SHA256())

def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()

def ocsp_ids(cert, issuer):
    with tempfile.TemporaryDirectory() as d:
        open(f"{d}/c.pem", "w").write(pem(cert)); open(f"{d}/i.pem", "w").write(pem(issuer))
        subprocess.run(["openssl", "ocsp", "-issuer", f"{d}/i.pem", "-sha256", "-cert", f"{d}/c.pem", "-no_nonce", "-reqout", f"{d}/r.der"], check=True, capture_output=True)
        text = subprocess.run(["openssl", "ocsp", "-reqin", f"{d}/r.der", "-req_text"], check=True, capture_output=True, text=True).stdout
    field = lambda label: re.search(label + r": (\S+)", text).group(1).lower()
    return field("Issuer Name Hash"), field("Issuer Key Hash"), field("Serial Number")

ec_root_key = ec.generate_private_key(ec.SECP256R1())
ec_root = make("EC Root", ec_root_key, 0x0A1B2C3D4E5F)
leaf = make("Leaf", ec.generate_private_key(ec.SECP256R1()), 0x00C0FFEE, issuer=ec_root, issuer_key=ec_root_key, ca=False)
rsa_root = make("RSA Root", rsa.generate_private_key(public_exponent=65537, key_size=2048), 0x7F00000000000001)
expired_root = make("Expired Root", ec.generate_private_key(ec.SECP256R1()), 5, start=2020, end=2021)
not_ca = make("Not A CA", ec.generate_private_key(ec.SECP256R1()), 6, ca=False)

out = ["// Certificates for the security tests, made by Tests/Fixtures/security/make-fixtures.py",
       "// (python `cryptography`); the expected hash data comes from `openssl ocsp -issuer I -sha256 -cert C",
       "// -no_nonce -reqout r.der` then `openssl ocsp -reqin r.der -req_text` (Issuer Name Hash, Issuer Key",
       "// Hash, Serial Number). Roots are valid 2020-2120; the expired root 2020-2021.", "",
       "enum SecurityFixtures {"]
for label, cert in [("ecRoot", ec_root), ("leaf", leaf), ("rsaRoot", rsa_root), ("expiredRoot", expired_root), ("notACertificateAuthority", not_ca)]:
    out.append(f'    static let {label} = """\n{pem(cert).strip()}\n"""')
for label, cert, issuer in [("ecRoot", ec_root, ec_root), ("leaf", leaf, ec_root), ("rsaRoot", rsa_root, rsa_root)]:
    n, k, s = ocsp_ids(cert, issuer)
    out.append(f'    /// openssl ocsp\'s CertID of `{label}`: issuerNameHash, issuerKeyHash, serialNumber (openssl prints it with leading zeroes).')
    out.append(f'    static let {label}Ids = (nameHash: "{n}", keyHash: "{k}", serial: "{s}")')
out.append("}")
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../StationCoreTests/Security/SecurityFixtures.swift")
os.makedirs(os.path.dirname(target), exist_ok=True)
open(target, "w").write("\n".join(out) + "\n")
print("wrote", os.path.normpath(target))
