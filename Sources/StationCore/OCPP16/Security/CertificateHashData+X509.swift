// The security extension's CertificateHashData of an X.509 certificate, computed as OCPP 2.0.1
// and the 1.6 Security Whitepaper say (the OCSP CertID of RFC 6960): hashes of the DER issuer
// name and of the issuer's public key bits, and the serial number in hex.

import Crypto
public import OCPP
import SwiftASN1
public import X509

extension CertificateHashData {
    /// The hash data of `certificate`, whose issuer is `issuer` (the certificate itself when it is
    /// self-signed). Hashes and serial number are lower-case hex; the serial number has no
    /// leading zeroes (`0` for a zero serial).
    /// - Throws: when the issuer name cannot be encoded (it was decoded from DER, so it can), or
    ///   the serial number is longer than the 20 octets RFC 5280 allows (40 hex digits).
    public init(_ certificate: Certificate, issuer: Certificate, algorithm: HashAlgorithm = .sha256) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.issuer)
        let nameHash = Self.hexHash(serializer.serializedBytes, algorithm)
        let keyHash = Self.hexHash(Array(issuer.publicKey.subjectPublicKeyInfoBytes), algorithm)
        self.init(
            hashAlgorithm: algorithm, issuerNameHash: try BoundedString(nameHash), issuerKeyHash: try BoundedString(keyHash),
            serialNumber: try BoundedString(Self.serialHex(certificate.serialNumber.bytes))
        )
    }

    /// Whether `other` names the same certificate: same algorithm, hashes and serial number, with
    /// hex compared case-insensitively and leading zeroes of the serial number ignored.
    public func identifies(_ other: CertificateHashData) -> Bool {
        func serial(_ text: String) -> String {
            let trimmed = text.lowercased().drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
        return hashAlgorithm == other.hashAlgorithm
            && issuerNameHash.value.lowercased() == other.issuerNameHash.value.lowercased()
            && issuerKeyHash.value.lowercased() == other.issuerKeyHash.value.lowercased()
            && serial(serialNumber.value) == serial(other.serialNumber.value)
    }

    /// `bytes` hashed with `algorithm`, in lower-case hex.
    static func hexHash(_ bytes: [UInt8], _ algorithm: HashAlgorithm) -> String {
        switch algorithm {
        case .sha256: hex(Array(SHA256.hash(data: bytes)))
        case .sha384: hex(Array(SHA384.hash(data: bytes)))
        case .sha512: hex(Array(SHA512.hash(data: bytes)))
        }
    }

    /// The serial number's bytes (big-endian, as DER holds them) in hex without leading zeroes.
    static func serialHex(_ bytes: some Collection<UInt8>) -> String {
        let digits = hex(Array(bytes)).drop { $0 == "0" }
        return digits.isEmpty ? "0" : String(digits)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
