"""The checks of a service: ``[[services.checks]]`` of each ``type``.

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these):
``http`` (a request judged by status, body and speed), ``tcp`` (a connect), ``dns`` (a
lookup) and ``ping`` (ICMP echoes), told apart by their ``type`` key. ``http``, ``tcp`` and
``ping`` may keep to one IP family (``ip_version``).
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, model_validator
from pydantic_core import PydanticCustomError

from trayapp.core.config.answers import CheckMethods
from trayapp.core.config.basics import SUCCESS
from trayapp.core.config.conditions import (
    DNS_PLACEHOLDERS,
    HTTP_PLACEHOLDERS,
    ConditionError,
    parse_condition,
)
from trayapp.core.config.values import (
    Duration,
    ExpectStatus,
    Headers,
    Host,
    HttpUrl,
    StrictModel,
)
from trayapp.core.i18n import N_, _

__all__ = [
    "CHECK_TYPES",
    "MAX_PING_COUNT",
    "Check",
    "DnsCheck",
    "HttpCheck",
    "IpVersion",
    "PingCheck",
    "TcpCheck",
]

CHECK_TYPES = ("http", "tcp", "dns", "ping")

MAX_PING_COUNT = 10
"""The most echoes one ping check may send."""


def _ip_version(value: object) -> object:
    # A choice list gives back its entries' text ("6"); the file writes a number.
    return int(value) if value in ("4", "6") else value


IpVersion = Annotated[Literal[4, 6], BeforeValidator(_ip_version)]
"""``4`` or ``6``: the one IP family a check resolves and connects over."""

_IP_VERSION_DESCRIPTION = N_(
    "Resolve and connect over this IP family only (4 or 6); a name without an address of "
    "that family is cause dns. Left out, either family, as the system prefers."
)


def _condition(kind: str) -> AfterValidator:
    allowed = DNS_PLACEHOLDERS if kind == "dns" else HTTP_PLACEHOLDERS

    def validate(text: str) -> str:
        try:
            parse_condition(text, allowed, kind=kind)
        except ConditionError as error:
            raise PydanticCustomError("condition", "{reason}", {"reason": str(error)}) from None
        return text

    return AfterValidator(validate)


HttpCondition = Annotated[str, _condition("http")]
"""A condition of an ``http`` check, kept as written once it reads as one."""
DnsCondition = Annotated[str, _condition("dns")]
"""A condition of a ``dns`` check (``[BODY]``, ``[DNS_RCODE]``, ``[RESPONSE_TIME]``)."""


def _same_family(host: str, version: int | None, name: str) -> None:
    """Refuse an IP address of the other family than ``version`` asks for."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return
    if version is not None and address.version != version:
        raise PydanticCustomError(
            "ip_version",
            _("{name} is an IPv{found} address, but ip_version is {version}"),
            {"loc": ("ip_version",), "name": name, "found": address.version, "version": version},
        )


class HttpCheck(CheckMethods, StrictModel):
    """An HTTP(S) request judged by status, body and speed."""

    type: Literal["http"] = "http"
    url: HttpUrl = Field(
        title=N_("URL"), description=N_("The http:// or https:// address to request.")
    )
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = Field(
        "GET", title=N_("Method"), description=N_("The request method.")
    )
    headers: Headers = Field(
        default_factory=dict,
        title=N_("Headers"),
        description=N_("Extra request headers. A value marked secret is kept in the keyring."),
    )
    expect_status: ExpectStatus = Field(
        SUCCESS,
        title=N_("Expect status"),
        description=N_("Status codes that count as up."),
    )
    body_contains: str | None = Field(
        None, title=N_("Body contains"), description=N_("Text the body must contain.")
    )
    body_absent: str | None = Field(
        None, title=N_("Body absent"), description=N_("Text the body must not contain.")
    )
    follow_redirects: bool = Field(
        True, title=N_("Follow redirects"), description=N_("Follow redirects (at most 10).")
    )
    verify_tls: bool = Field(
        True,
        title=N_("Verify TLS"),
        description=N_("Verify the server's certificate. Turning it off is unsafe."),
    )
    slow_after: Duration | None = Field(
        None, title=N_("Slow after"), description=N_("Overrides the service's slow_after.")
    )
    timeout: Duration | None = Field(
        None, title=N_("Timeout"), description=N_("Overrides the service's timeout.")
    )
    conditions: list[HttpCondition] = Field(
        default_factory=list,
        title=N_("Conditions"),
        description=N_(
            "Conditions in Gatus's language, each of which must hold: "
            '"[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500", '
            '"len([BODY].items) > 0", "[BODY] == pat(*Welcome*)", '
            '"[CERTIFICATE_EXPIRATION] > 48h". '
            "A condition on [STATUS] replaces the default expect_status."
        ),
    )

    ip_version: IpVersion | None = Field(
        None, title=N_("IP version"), description=_IP_VERSION_DESCRIPTION
    )

    @model_validator(mode="after")
    def _ip_version_fits(self) -> Self:
        host = urlsplit(self.url).hostname or ""
        _same_family(host, self.ip_version, host)
        return self


class TcpCheck(CheckMethods, StrictModel):
    """A TCP connection, opened and closed: the port accepts or it does not."""

    type: Literal["tcp"]
    host: Host = Field(title=N_("Host"), description=N_("Host name or IP address."))
    port: Annotated[int, Field(ge=1, le=65535)] = Field(
        title=N_("Port"), description=N_("TCP port, 1-65535.")
    )
    timeout: Duration | None = Field(
        None, title=N_("Timeout"), description=N_("Overrides the service's timeout.")
    )

    ip_version: IpVersion | None = Field(
        None, title=N_("IP version"), description=_IP_VERSION_DESCRIPTION
    )

    @model_validator(mode="after")
    def _ip_version_fits(self) -> Self:
        _same_family(self.host, self.ip_version, self.host)
        return self


class DnsCheck(CheckMethods, StrictModel):
    """A DNS lookup that must return at least one record."""

    type: Literal["dns"]
    name: Host = Field(title=N_("Name"), description=N_("The name to resolve."))
    record: Literal["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] | None = Field(
        None,
        title=N_("Record"),
        description=N_("Record type; by default A or AAAA, as the system resolver does."),
    )
    server: str | None = Field(
        None,
        title=N_("Server"),
        description=N_("Ask this DNS server (host or host:port) instead of the system's."),
    )
    timeout: Duration | None = Field(
        None, title=N_("Timeout"), description=N_("Overrides the service's timeout.")
    )
    conditions: list[DnsCondition] = Field(
        default_factory=list,
        title=N_("Conditions"),
        description=N_(
            "Conditions in Gatus's language, each of which must hold: "
            '"[BODY] == 192.0.2.1" (one of the answers), "[DNS_RCODE] == NXDOMAIN" (the name '
            'must not exist), "len([BODY]) >= 2", "[RESPONSE_TIME] < 100".'
        ),
    )


class PingCheck(CheckMethods, StrictModel):
    """ICMP echoes: the host answers them or it does not, and how fast.

    Replies to some of the echoes are enough: the loss is in the detail. Where the system
    lets no unprivileged process ping, every round fails with cause ``refused`` and a detail
    that says how to allow it.
    """

    type: Literal["ping"]
    host: Host = Field(title=N_("Host"), description=N_("Host name or IP address."))
    count: Annotated[int, Field(ge=1, le=MAX_PING_COUNT)] = Field(
        3,
        title=N_("Count"),
        description=N_(
            # The most is MAX_PING_COUNT (a literal: the text is extracted for translation).
            "How many echoes to send, 0.2 s apart (1-10); a reply to "
            "any of them is up, with the loss in the detail."
        ),
    )
    timeout: Duration | None = Field(
        None,
        title=N_("Timeout"),
        description=N_("How long each echo waits for its reply; overrides the service's."),
    )
    ip_version: IpVersion | None = Field(
        None, title=N_("IP version"), description=_IP_VERSION_DESCRIPTION
    )

    @model_validator(mode="after")
    def _ip_version_fits(self) -> Self:
        _same_family(self.host, self.ip_version, self.host)
        return self


Check = Annotated[HttpCheck | TcpCheck | DnsCheck | PingCheck, Discriminator("type")]
