"""When a server's certificate expires, whether or not anyone verified it.

Python's ``getpeercert()`` parses a certificate only when the handshake verified it; with
``verify_tls = false`` it returns an empty dict, and a certificate about to expire would go
unnoticed on exactly the checks that already accept an unsafe one. The binary form is always
there, and ``cryptography`` reads it (imported only then: verified certificates, the common
case, are read from the parsed form and cost no import).
"""

from __future__ import annotations

import ssl
from datetime import UTC, datetime

__all__ = ["certificate_expiry", "peer_certificate_expiry"]


def peer_certificate_expiry(ssl_object: ssl.SSLObject | ssl.SSLSocket) -> datetime | None:
    """When the peer's certificate expires (UTC), or None when it has none we can read."""
    parsed = ssl_object.getpeercert()
    not_after = parsed.get("notAfter") if parsed else None
    if isinstance(not_after, str):
        try:
            return datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)
        except ValueError:
            return None
    return certificate_expiry(ssl_object.getpeercert(binary_form=True))


def certificate_expiry(der: bytes | None) -> datetime | None:
    """The ``notAfter`` of a DER-encoded certificate (UTC); None for no or garbled bytes."""
    if not der:
        return None
    from cryptography import x509  # only for unverified certificates

    try:
        return x509.load_der_x509_certificate(der).not_valid_after_utc
    except ValueError:
        return None
