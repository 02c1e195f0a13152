"""Reading a response body with a cap, so no server can make a probe hold much memory.

The cap counts decoded bytes: a gzip bomb (a few kilobytes that inflate to gigabytes) is
inflated at most one cap's worth at a time, never a whole chunk at once, which is what
httpx's own decoders would do. The raw bytes are capped too, for bodies that inflate to
nothing. Only the encodings trayapp asks for (``gzip``, ``deflate``) are decoded; a body in
any other encoding is kept as it came and cannot be searched for text.
"""

from __future__ import annotations

import codecs
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

__all__ = ["ACCEPT_ENCODING", "MAX_BODY_BYTES", "BodyReader", "read_body"]

MAX_BODY_BYTES = 1024 * 1024
"""The most of a body a probe reads (decoded), 1 MiB; beyond it the cause is too_large."""

ACCEPT_ENCODING = "gzip, deflate"
"""What probes ask for: the encodings :class:`BodyReader` can decode within its cap."""

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class BodyReader:
    """Collects a body fed chunk by chunk, decoding it, until it ends or passes ``limit``.

    After a :meth:`feed` that returns False, stop reading: the body is :attr:`too_large`
    or :attr:`corrupt`.
    """

    def __init__(self, content_encoding: str = "", *, limit: int = MAX_BODY_BYTES) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        self.encoding = ", ".join(codings)
        """The body's content coding, "" for none."""
        self.decodable = not codings or (len(codings) == 1 and codings[0] in _WBITS)
        """Whether the body can be decoded to text (an encoding we understand)."""
        self.too_large = False
        self.corrupt = False
        """The body claimed an encoding its bytes do not follow."""
        self._limit = limit
        self._raw_size = 0
        self._chunks: list[bytes] = []
        self._size = 0
        self._wbits = _WBITS[codings[0]] if codings and self.decodable else None
        self._inflater = zlib.decompressobj(self._wbits) if self._wbits else None
        self._started = False

    @property
    def size(self) -> int:
        """Decoded bytes kept so far."""
        return self._size

    def feed(self, data: bytes) -> bool:
        """Take the next raw chunk; False when reading should stop."""
        self._raw_size += len(data)
        if self._raw_size > self._limit:
            self.too_large = True
            return False
        if self._inflater is None:
            self._keep(data)
        else:
            try:
                self._inflate(data)
            except zlib.error:
                self.corrupt = True
        self._started = self._started or bool(data)
        return not (self.too_large or self.corrupt)

    def finish(self) -> None:
        """The body ended: take what the decoder still holds."""
        if self._inflater is not None and not self.too_large and not self.corrupt:
            try:
                self._keep(self._inflater.flush())
            except zlib.error:
                self.corrupt = True

    def _inflate(self, data: bytes) -> None:
        assert self._inflater is not None
        pending = data
        while pending and not self.too_large:
            try:
                piece = self._inflater.decompress(pending, self._limit + 1 - self._size)
            except zlib.error:
                if self._started or self._wbits != zlib.MAX_WBITS:
                    raise
                # "deflate" is often sent raw, without the zlib header the standard asks
                # for; browsers accept both, and so does httpx.
                self._wbits = -zlib.MAX_WBITS
                self._inflater = zlib.decompressobj(self._wbits)
                continue
            self._keep(piece)
            pending = self._inflater.unconsumed_tail

    def _keep(self, piece: bytes) -> None:
        if self._size + len(piece) > self._limit:
            self.too_large = True
            return
        self._chunks.append(piece)
        self._size += len(piece)

    def data(self) -> bytes | None:
        """The decoded body; None when it cannot be decoded."""
        if not self.decodable or self.corrupt:
            return None
        return b"".join(self._chunks)

    def text(self, charset: str | None) -> str | None:
        """The body as text (bad bytes replaced); None when it cannot be decoded."""
        data = self.data()
        if data is None:
            return None
        try:
            info = codecs.lookup(charset or "utf-8")
        except LookupError:
            info = codecs.lookup("utf-8")
        if not getattr(info, "_is_text_encoding", True):  # "rot13", "hex": not charsets
            info = codecs.lookup("utf-8")
        return data.decode(info.name, errors="replace")


async def read_body(response: httpx.Response) -> BodyReader:
    """Read ``response``'s body through a :class:`BodyReader`, stopping at the cap."""
    if response.is_stream_consumed:
        # A transport that hands over a read response (httpx.MockTransport does): its body
        # is in memory already, and decoded.
        reader = BodyReader()
        if reader.feed(response.content):
            reader.finish()
        return reader
    reader = BodyReader(response.headers.get("content-encoding", ""))
    async for chunk in response.aiter_raw():
        if not reader.feed(chunk):
            return reader
    reader.finish()
    return reader
