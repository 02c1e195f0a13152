"""Reading one source: its documents fetched as checks are, then read as targets.

A source is fetched through the :class:`~trayapp.core.probes.Prober`, so that it goes
through the same resolver, proxies, trust store, body cap and keyring as every check, and
so that a source that cannot be reached fails with a cause of the closed set (``refused``,
``timeout``, ``tls``, ...) and a detail that names it. An answer other than 200 fails with
``http_status`` and what the server said of itself (Prometheus names a bad query); an
answer that makes no sense, with ``protocol``. Either way the reading names no target: a
source that cannot be read is unknown, never "all clear".
"""

from __future__ import annotations

import logging
from dataclasses import replace

from trayapp.core.clock import Clock
from trayapp.core.config.basics import StatusRanges
from trayapp.core.config.running import HttpCheck, ServiceSettings, Source
from trayapp.core.models import Cause, CheckResult
from trayapp.core.phrases import checks
from trayapp.core.phrases import readings as sources
from trayapp.core.probes.prober import Prober
from trayapp.core.rounds import has_failure
from trayapp.core.sources.model import SourceReading
from trayapp.core.sources.readers import endpoints, error_text, read
from trayapp.core.text import redact_url
from trayapp.core.vendors.documents import Document

__all__ = ["SourcePoller"]

log = logging.getLogger(__name__)

_ANY_STATUS = StatusRanges(((100, 599),))
"""A source's error answers are read too: they say what went wrong."""


class SourcePoller:
    """Reads one source when asked.

    Args:
        source: The source.
        prober: Fetches its documents.
        settings: The timeout (and the slowness ignored: a slow source is still read).
        clock: Stamps the readings.
    """

    def __init__(
        self, source: Source, prober: Prober, settings: ServiceSettings, clock: Clock
    ) -> None:
        self.source = source
        self._prober = prober
        self._settings = replace(settings, slow_after=float("inf"))
        self._clock = clock
        self._checks = tuple(
            HttpCheck(
                url=url,
                headers=source.headers,
                verify_tls=source.verify_tls,
                expect_status=_ANY_STATUS,
            )
            for url in endpoints(source)
        )

    async def poll(self) -> SourceReading:
        """Read the source now."""
        now = self._clock.now()
        source = self.source
        documents = []
        for check in self._checks:
            fetched = await self._prober.fetch(check, self._settings)
            result = fetched.result
            if has_failure([result]):
                return self._failed(result, result.cause, result.detail)
            if fetched.body is None:
                return self._failed(result, Cause.PROTOCOL, sources.NOT_DECODABLE())
            document = Document(fetched.body, {"content-type": fetched.content_type}, check.url)
            if result.http_status != 200:
                said = error_text(document)
                detail = result.detail
                if said:
                    detail = checks.SUBJECT(subject=result.detail, detail=said)
                return self._failed(result, Cause.HTTP_STATUS, detail)
            documents.append(document)
        targets = read(source, documents, now)
        if isinstance(targets, str):
            return self._failed(None, Cause.PROTOCOL, targets)
        return SourceReading(
            source.name,
            source.kind,
            now,
            targets,
            alerts_only=source.kind == "alertmanager",
        )

    def _failed(
        self, result: CheckResult | None, cause: Cause | None, detail: str
    ) -> SourceReading:
        source = self.source
        log.info("cannot read source %s at %s: %s", source.name, redact_url(source.url), detail)
        failure = CheckResult(
            type="remote",
            target=source.name,
            checked_at=self._clock.now() if result is None else result.checked_at,
            elapsed_ms=0.0 if result is None else result.elapsed_ms,
            cause=cause or Cause.PROTOCOL,
            detail=detail,
            http_status=None if result is None else result.http_status,
        )
        return SourceReading(source.name, source.kind, failure.checked_at, failure=failure)
