"""What a condition is made of: placeholders, values, and the comparison of two of them.

The tree :mod:`trayapp.core.config.conditions` reads a condition's text into, and
:mod:`trayapp.core.probes.conditions` judges::

    Condition            "[BODY].items[0].id == any(1, 2)"
     ├── left: Operand   Lookup (a placeholder, its path, len() or has() around it)
     ├── operator        ==, !=, <, <=, >, >=
     └── right: Operand  Fixed ("UP", "200", "48h"), Choices (any()), or a Pattern (pat())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from trayapp.core.config.patterns import Pattern

__all__ = [
    "DNS_PLACEHOLDERS",
    "HTTP_PLACEHOLDERS",
    "OPERATORS",
    "RCODES",
    "Choices",
    "Condition",
    "Fixed",
    "Lookup",
    "Operand",
    "Placeholder",
]

OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
RCODES = ("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "FORMERR", "NOTIMP", "YXDOMAIN")
"""The DNS response codes ``[DNS_RCODE]`` is compared with, as Gatus names them."""


class Placeholder(StrEnum):
    """What a condition can look at in an answer."""

    STATUS = "STATUS"
    BODY = "BODY"
    RESPONSE_TIME = "RESPONSE_TIME"
    CERTIFICATE_EXPIRATION = "CERTIFICATE_EXPIRATION"
    IP = "IP"
    CONNECTED = "CONNECTED"
    DNS_RCODE = "DNS_RCODE"


HTTP_PLACEHOLDERS = frozenset(
    {
        Placeholder.STATUS,
        Placeholder.BODY,
        Placeholder.RESPONSE_TIME,
        Placeholder.CERTIFICATE_EXPIRATION,
        Placeholder.IP,
        Placeholder.CONNECTED,
    }
)
DNS_PLACEHOLDERS = frozenset({Placeholder.BODY, Placeholder.DNS_RCODE, Placeholder.RESPONSE_TIME})
_NUMERIC = frozenset(
    {Placeholder.STATUS, Placeholder.RESPONSE_TIME, Placeholder.CERTIFICATE_EXPIRATION}
)


@dataclass(frozen=True, slots=True)
class Lookup:
    """A placeholder, its path into the body, and the function around it, if any."""

    placeholder: Placeholder
    path: tuple[str | int, ...] = ()
    """Keys and indices into the JSON body (``[BODY].items[0].id``)."""
    function: Literal["len", "has"] | None = None
    text: str = ""
    """As written."""
    position: int = field(default=0, compare=False)

    @property
    def numeric(self) -> bool:
        """Whether it always yields a number (``[BODY]`` may, or may not)."""
        if self.function is not None:
            return self.function == "len"
        return self.placeholder in _NUMERIC

    @property
    def boolean(self) -> bool:
        """Whether it yields true or false."""
        if self.function is not None:
            return self.function == "has"
        return self.placeholder is Placeholder.CONNECTED


@dataclass(frozen=True, slots=True)
class Fixed:
    """A value written in the condition: ``UP``, ``200``, ``48h``. Compared with ``has()`` or
    ``[CONNECTED]`` it is in lower case, with ``[DNS_RCODE]`` in upper case."""

    text: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Choices:
    """``any(a, b, c)``: any one of these values."""

    options: tuple[Fixed, ...]
    text: str


Operand = Lookup | Fixed | Choices | Pattern


@dataclass(frozen=True, slots=True)
class Condition:
    """One comparison, read from its text."""

    text: str
    left: Operand
    operator: str
    """One of :data:`OPERATORS`."""
    right: Operand

    @property
    def placeholders(self) -> frozenset[Placeholder]:
        """The placeholders it looks at."""
        return frozenset(
            side.placeholder for side in (self.left, self.right) if isinstance(side, Lookup)
        )
