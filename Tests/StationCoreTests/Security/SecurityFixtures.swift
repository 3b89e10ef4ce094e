// Certificates for the security tests, made by Tests/Fixtures/security/make-fixtures.py
// (python `cryptography`); the expected hash data comes from `openssl ocsp -issuer I -sha256 -cert C
// -no_nonce -reqout r.der` then `openssl ocsp -reqin r.der -req_text` (Issuer Name Hash, Issuer Key
// Hash, Serial Number). Roots are valid 2020-2120; the expired root 2020-2021.

enum SecurityFixtures {
    static let ecRoot = """
-----BEGIN CERTIFICATE-----
MIIBaDCCAQ+gAwIBAgIGChssPU5fMAoGCCqGSM49BAMCMDAxHDAaBgNVBAoME0No
YXJnZVN0YXRpb24gVGVzdHMxEDAOBgNVBAMMB0VDIFJvb3QwIBcNMjAwMTAxMDAw
MDAwWhgPMjEyMDAxMDEwMDAwMDBaMDAxHDAaBgNVBAoME0NoYXJnZVN0YXRpb24g
VGVzdHMxEDAOBgNVBAMMB0VDIFJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAR68DeoR2+41y8IIHiruWEGZ8Ep+IlaimcFR5oLRm9SHZCZ7NObiDW4xga5L9/c
awhZRwVkcxUBoZhTWUcblGavoxMwETAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0cAMEQCIGIvfbjs1tI+Z+Z0LpsnHS1tY1PPxzfRUUfX4pBKc4rnAiA9FqKc
2ehCAXq+UQRAt7rzqRaUSbwE/UYENxMgHaFtEg==
-----END CERTIFICATE-----
"""
    static let leaf = """
-----BEGIN CERTIFICATE-----
MIIBYDCCAQegAwIBAgIEAMD/7jAKBggqhkjOPQQDAjAwMRwwGgYDVQQKDBNDaGFy
Z2VTdGF0aW9uIFRlc3RzMRAwDgYDVQQDDAdFQyBSb290MCAXDTIwMDEwMTAwMDAw
MFoYDzIxMjAwMTAxMDAwMDAwWjAtMRwwGgYDVQQKDBNDaGFyZ2VTdGF0aW9uIFRl
c3RzMQ0wCwYDVQQDDARMZWFmMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9KRn
KSGVo9R5bbgwafGmOlXpn4eXNw6SMqreQUKY5ey4r38WGIh+xP8mKBl0oYCHdK1I
3b1bCLvQpGrJ5JF88qMQMA4wDAYDVR0TAQH/BAIwADAKBggqhkjOPQQDAgNHADBE
AiBad0yq/E1uPOfYJCYPE+vBVZkPOk/QS3Tk+NV2p1iwtAIgXCf2wm/nM037sfid
AB8uG7QXcgjGETEFU9EI8497LW0=
-----END CERTIFICATE-----
"""
    static let rsaRoot = """
-----BEGIN CERTIFICATE-----
MIIC+TCCAeGgAwIBAgIIfwAAAAAAAAEwDQYJKoZIhvcNAQELBQAwMTEcMBoGA1UE
CgwTQ2hhcmdlU3RhdGlvbiBUZXN0czERMA8GA1UEAwwIUlNBIFJvb3QwIBcNMjAw
MTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMDExHDAaBgNVBAoME0NoYXJnZVN0
YXRpb24gVGVzdHMxETAPBgNVBAMMCFJTQSBSb290MIIBIjANBgkqhkiG9w0BAQEF
AAOCAQ8AMIIBCgKCAQEAi8WYpXauJRflD0ctDVdH1j344ZmLrNXc2bgvf3da1A/J
wWdeocScPQ7b71bvv45U1d3+hs4Xan0Q2TLOiDQAOAv3epmhpYuPjekdrxLLP7D/
Q2jos7y5ngUoa1WhUkEXabmu2MYDmW7sw8cd63LnUTj57mCfv+eCAoUsNeB6YQws
zXmnVA6wTclNODI1L+J3yH1oHfQ7QfeeZVM/5eDpWsxATJTj/2RUKwOG2XfplXrl
I4zCaNbRsg9a2rEDh3Hx444UmHAHZS2OxYrNpoMPbu/fvtNpT/tS/4e+wx9ObuNo
FvY1nBPzK0DT1IZfgmONxMCeoEpjQjMUMQTdrOz0XwIDAQABoxMwETAPBgNVHRMB
Af8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQBNe6/UE8SRQ6G0W5c7krsWgC7V
jsyPpPSLi7eeV8FqpAA2aXGvxeQEbLLYBvsux+W745jKaHP/l5ORCi5YAQkUpyOD
AOgZQP+4vTO7V9XSMm00fzkm2ej5hh3gwDuKmAMNKLOo9iWzLNRnyUqTnY+KbBsh
KZpEB0CZiwOrkC1ehvZR8Q7UjZifdnVozlIxJ2UYkW/CNQHSXaJGEzJQlmgI7gQX
ukpXoM8hcDB1Fs0hKdho7IwPONnWm04XiBBaq7exFbmawp4lrjtw1o/vZ4xSGoWp
ptFNime8AhMZMlG05PM++E8ekK4M8edSieI9I1Opwoo9sDNsgxSDkR+9zemm
-----END CERTIFICATE-----
"""
    static let expiredRoot = """
-----BEGIN CERTIFICATE-----
MIIBazCCARKgAwIBAgIBBTAKBggqhkjOPQQDAjA1MRwwGgYDVQQKDBNDaGFyZ2VT
dGF0aW9uIFRlc3RzMRUwEwYDVQQDDAxFeHBpcmVkIFJvb3QwHhcNMjAwMTAxMDAw
MDAwWhcNMjEwMTAxMDAwMDAwWjA1MRwwGgYDVQQKDBNDaGFyZ2VTdGF0aW9uIFRl
c3RzMRUwEwYDVQQDDAxFeHBpcmVkIFJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAARWaCxsDzlL2J6saJUhEwxzorWfxHmHWvkUNX0IKNlSia6b1QGYEohsCZBQ
NGjt928Ue3I8yUk38XxeUPc30nnvoxMwETAPBgNVHRMBAf8EBTADAQH/MAoGCCqG
SM49BAMCA0cAMEQCIBTBB1uqaGEARt9GB2dtBjPrswjfoSq8nI2BeD4gg2ydAiBs
8cU9wr3gcE38u7k5p7UaA4P0HXoOc5dbtRwsGiNCdw==
-----END CERTIFICATE-----
"""
    static let notACertificateAuthority = """
-----BEGIN CERTIFICATE-----
MIIBYjCCAQmgAwIBAgIBBjAKBggqhkjOPQQDAjAxMRwwGgYDVQQKDBNDaGFyZ2VT
dGF0aW9uIFRlc3RzMREwDwYDVQQDDAhOb3QgQSBDQTAgFw0yMDAxMDEwMDAwMDBa
GA8yMTIwMDEwMTAwMDAwMFowMTEcMBoGA1UECgwTQ2hhcmdlU3RhdGlvbiBUZXN0
czERMA8GA1UEAwwITm90IEEgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATB
Q8rB5mGZtDW/84YF89ggmR9SpWbHHE3HBtwXsPf1m3k5zyQqNRJn69UJpUwG168g
v8+N+rUUzf1WYMfmkdQgoxAwDjAMBgNVHRMBAf8EAjAAMAoGCCqGSM49BAMCA0cA
MEQCIFox5kuYYyn74YYDlurqDSm4tdI9KmapmsibpfnRVqncAiBqWrZNtMs9I9tu
uWDMB+AFCJp0Xe5JyfrHlhDfmoLJ3w==
-----END CERTIFICATE-----
"""
    /// openssl ocsp's CertID of `ecRoot`: issuerNameHash, issuerKeyHash, serialNumber (openssl prints it with leading zeroes).
    static let ecRootIds = (nameHash: "a34db5e3abe98f7780529f1a3608a19b9cb16d4649e1f1aacec10ff161280327", keyHash: "89d5cb7ecd7d4dcce05945e48285b9c3d37cda625264da8039008c5d39828f10", serial: "0a1b2c3d4e5f")
    /// openssl ocsp's CertID of `leaf`: issuerNameHash, issuerKeyHash, serialNumber (openssl prints it with leading zeroes).
    static let leafIds = (nameHash: "a34db5e3abe98f7780529f1a3608a19b9cb16d4649e1f1aacec10ff161280327", keyHash: "89d5cb7ecd7d4dcce05945e48285b9c3d37cda625264da8039008c5d39828f10", serial: "c0ffee")
    /// openssl ocsp's CertID of `rsaRoot`: issuerNameHash, issuerKeyHash, serialNumber (openssl prints it with leading zeroes).
    static let rsaRootIds = (nameHash: "ba0fd4b33a0440a9684e2d05b8539d8c1b4d2d74c53e4ab3a61e284b8b5e8d72", keyHash: "e971bf4c1a5a757b87b592c23b409ee93ea12967a67accda42f168da08145ecc", serial: "7f00000000000001")
}
