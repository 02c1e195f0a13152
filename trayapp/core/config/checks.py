"""The checks of a service: ``[[services.checks]]`` of each ``type``.

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these):
``http`` (a request judged by status, body and speed), ``tcp`` (a connect) and ``dns`` (a
lookup), told apart by their ``type`` key.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field

from trayapp.core.config.conditions import DnsCondition, HttpCondition
from trayapp.core.config.values import (
    Duration,
    ExpectStatus,
    Headers,
    Host,
    HttpUrl,
    SecretRef,
    StatusRanges,
    StrictModel,
)

__all__ = ["CHECK_TYPES", "Check", "DnsCheck", "HttpCheck", "TcpCheck"]

CHECK_TYPES = ("http", "tcp", "dns")


class HttpCheck(StrictModel):
    """An HTTP(S) request judged by status, body and speed."""

    type: Literal["http"] = "http"
    url: HttpUrl = Field(description="The http:// or https:// address to request.")
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = Field(
        "GET", description="The request method."
    )
    headers: Headers = Field(
        default_factory=dict,
        description="Extra request headers. A value marked secret is kept in the keyring.",
    )
    expect_status: ExpectStatus = Field(
        StatusRanges(((200, 399),)), description="Status codes that count as up."
    )
    body_contains: str | None = Field(None, description="Text the body must contain.")
    body_absent: str | None = Field(None, description="Text the body must not contain.")
    follow_redirects: bool = Field(True, description="Follow redirects (at most 10).")
    verify_tls: bool = Field(
        True, description="Verify the server's certificate. Turning it off is unsafe."
    )
    slow_after: Duration | None = Field(None, description="Overrides the service's slow_after.")
    timeout: Duration | None = Field(None, description="Overrides the service's timeout.")
    conditions: list[HttpCondition] = Field(
        default_factory=list,
        description="Conditions in Gatus's language, each of which must hold: "
        '"[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500", '
        '"len([BODY].items) > 0", "[BODY] == pat(*Welcome*)", "[CERTIFICATE_EXPIRATION] > 48h". '
        "A condition on [STATUS] replaces the default expect_status.",
    )

    @property
    def target(self) -> str:
        """What the check looks at, for people."""
        return self.url

    @property
    def secrets(self) -> dict[str, str]:
        """Header name → the keyring name of its value, for the headers kept as secrets."""
        return {n: v.secret for n, v in self.headers.items() if isinstance(v, SecretRef)}


class TcpCheck(StrictModel):
    """A TCP connection, opened and closed: the port accepts or it does not."""

    type: Literal["tcp"]
    host: Host = Field(description="Host name or IP address.")
    port: Annotated[int, Field(ge=1, le=65535)] = Field(description="TCP port, 1-65535.")
    timeout: Duration | None = Field(None, description="Overrides the service's timeout.")

    @property
    def target(self) -> str:
        """What the check looks at, for people."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


class DnsCheck(StrictModel):
    """A DNS lookup that must return at least one record."""

    type: Literal["dns"]
    name: Host = Field(description="The name to resolve.")
    record: Literal["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] | None = Field(
        None, description="Record type; by default A or AAAA, as the system resolver does."
    )
    server: str | None = Field(
        None, description="Ask this DNS server (host or host:port) instead of the system's."
    )
    timeout: Duration | None = Field(None, description="Overrides the service's timeout.")
    conditions: list[DnsCondition] = Field(
        default_factory=list,
        description="Conditions in Gatus's language, each of which must hold: "
        '"[BODY] == 192.0.2.1" (one of the answers), "[DNS_RCODE] == NXDOMAIN" (the name '
        'must not exist), "len([BODY]) >= 2", "[RESPONSE_TIME] < 100".',
    )

    @property
    def target(self) -> str:
        """What the check looks at, for people."""
        return f"{self.name} {self.record}" if self.record else self.name


Check = Annotated[HttpCheck | TcpCheck | DnsCheck, Discriminator("type")]
