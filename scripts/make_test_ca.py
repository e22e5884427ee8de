"""Create the TEST certificate authority and signers that sign the realworld sample's PDFs.

    .venv/bin/python scripts/make_test_ca.py          # writes samplegen/testca/*.pem (run once)

TEST ONLY: the keys are committed so that the sample regenerates byte for byte (RSA keys cannot
be derived from a seed); they sign nothing but synthetic sample documents. A real deployment
configures the government CA's certificates as trust roots instead (docs/evidence.md).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OUT = Path(__file__).resolve().parents[1] / "samplegen" / "testca"
NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2030, 12, 31, tzinfo=dt.UTC)

# file stem -> (common name, organisation): a person signing for a body, and bodies signing as such
SIGNERS = {
    "leader": ("Nguyễn Văn An", "UBND huyện Kon Rẫy"),
    "office": ("Ủy ban nhân dân huyện Kon Rẫy", "UBND huyện Kon Rẫy"),
    "justice": ("Phòng Tư pháp huyện Kon Rẫy", "Phòng Tư pháp huyện Kon Rẫy"),
}


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(stem: str, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> None:
    (OUT / f"{stem}.key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (OUT / f"{stem}.cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("PAR Verifier TEST CA (not a real CA)", "PAR Verifier test")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    _write("ca", ca_key, ca)
    for stem, (cn, org) in SIGNERS.items():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(ca_name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                             data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                             crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                .sign(ca_key, hashes.SHA256()))
        _write(stem, key, cert)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
