"""The ``dns`` check: the name must resolve (A or AAAA by default, or the record asked for).

Its ``conditions`` (:mod:`trayapp.core.probes.conditions`) are judged on the answers: ``[BODY]``
is the answers (an MX answer its host, an SRV answer ``host:port``, a TXT answer its text),
``[DNS_RCODE]`` the server's response code. A lookup that fails is cause ``dns`` as ever,
unless a condition on ``[DNS_RCODE]`` says what the server answered is expected
(``[DNS_RCODE] == NXDOMAIN``: the name must not exist) and every condition holds. The
response code of a failure is read from the resolver's exception by its type: dnspython's
``NXDOMAIN`` and ``NoAnswer`` (``NOERROR``, no record), the code of the server's answer in
``NoNameservers``, and ``getaddrinfo``'s ``EAI_NONAME`` (``NXDOMAIN``) and ``EAI_NODATA``
(``NOERROR``); a failure with no answer (a timeout) has none, and stays a failure.
"""

from __future__ import annotations

import asyncio
import socket

from trayapp.core.clock import Clock
from trayapp.core.config.conditions import Condition, Placeholder, parse_conditions
from trayapp.core.config.running import DnsCheck
from trayapp.core.models import Cause, Timings
from trayapp.core.phrases import checks as words
from trayapp.core.probes.conditions import Observed, diagnosis, judge
from trayapp.core.probes.finding import DEADLINE_GRACE, Finding
from trayapp.core.probes.resolver import ResolveError, Resolver, ResolveTimeout, ServerResolver
from trayapp.core.text import printable

__all__ = ["DnsProbe"]


class DnsProbe:
    """Asks ``resolver``, or the server a check names (found through ``resolver``)."""

    def __init__(self, resolver: Resolver, clock: Clock) -> None:
        self._resolver = resolver
        self._clock = clock

    async def run(self, check: DnsCheck, timeout: float) -> Finding:
        """Resolve ``check.name`` within ``timeout`` seconds, and judge its conditions."""
        started = self._clock.monotonic()
        try:
            resolver = self._resolver
            if check.server:
                resolver = ServerResolver(check.server, bootstrap=self._resolver)
        except ValueError:
            shown = printable(check.server or "", 60)
            return Finding(Cause.DNS, words.NOT_A_SERVER(server=shown))
        conditions = parse_conditions(tuple(check.conditions), "dns") if check.conditions else ()
        try:
            async with asyncio.timeout(timeout + DEADLINE_GRACE):
                if check.record is None:
                    answers = await resolver.addresses(check.name, timeout)
                else:
                    answers = await resolver.records(check.name, check.record, timeout)
        except TimeoutError:
            return Finding(Cause.DNS, str(ResolveTimeout(check.name, timeout)))
        except ResolveError as error:
            said = printable(str(error))
            rcode = _rcode(error)
            if rcode is None or not any(
                Placeholder.DNS_RCODE in c.placeholders for c in conditions
            ):
                return Finding(Cause.DNS, said)
            spent = round((self._clock.monotonic() - started) * 1000, 1)
            seen = Observed(answers=(), response_ms=spent, rcode=rcode)
            if judge(conditions, seen):
                return Finding(Cause.DNS, said, timings=Timings(dns_ms=spent))
            expected = words.AS_EXPECTED(detail=said, rcode=rcode)
            return Finding(None, expected, timings=Timings(dns_ms=spent))
        spent = round((self._clock.monotonic() - started) * 1000, 1)
        timings = Timings(dns_ms=spent)
        failure = _judged(conditions, check.record, answers, spent)
        if failure is not None:
            return Finding(failure[0], failure[1], timings=timings)
        return Finding(None, printable(", ".join(answers)), timings=timings)


def _judged(
    conditions: tuple[Condition, ...], record: str | None, answers: list[str], spent: float
) -> tuple[Cause, str] | None:
    """The cause and detail of the conditions that fail on ``answers``; None when all hold."""
    if not conditions:
        return None
    texts = tuple(_answer_text(record, answer) for answer in answers)
    found = diagnosis(
        judge(conditions, Observed(answers=texts, response_ms=spent, rcode="NOERROR"))
    )
    return None if found is None else (found.cause, found.detail)


def _answer_text(record: str | None, answer: str) -> str:
    """An answer as ``[BODY]`` gives it, as Gatus does: an MX answer's host, an SRV answer's
    ``host:port``, a TXT answer's strings joined; any other as the resolver wrote it."""
    if record not in ("MX", "SRV", "TXT"):
        return answer
    import dns.exception
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype

    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(record), answer)
    except dns.exception.DNSException:
        return answer
    if record == "MX":
        return str(rdata.exchange)  # type: ignore[attr-defined]
    if record == "SRV":
        return f"{rdata.target}:{rdata.port}"  # type: ignore[attr-defined]
    strings: tuple[bytes, ...] = rdata.strings  # type: ignore[attr-defined]
    return b"".join(strings).decode("utf-8", errors="replace")


def _rcode(error: ResolveError) -> str | None:
    """The response code the server gave for a lookup that failed; None when no server
    answered (a timeout) or the failure does not say."""
    cause = error.__cause__
    if isinstance(cause, socket.gaierror):
        if cause.errno == socket.EAI_NONAME:
            return "NXDOMAIN"
        if cause.errno == getattr(socket, "EAI_NODATA", None):
            return "NOERROR"
        return None
    if cause is None or type(cause).__module__.split(".")[0] != "dns":
        return None
    import dns.message
    import dns.rcode
    import dns.resolver

    if isinstance(cause, dns.resolver.NXDOMAIN):
        return "NXDOMAIN"
    if isinstance(cause, dns.resolver.NoAnswer):
        return "NOERROR"
    if isinstance(cause, dns.resolver.NoNameservers):
        for *_, response in reversed(cause.kwargs.get("errors") or []):
            if isinstance(response, dns.message.Message):
                return dns.rcode.to_text(response.rcode())
    return None
