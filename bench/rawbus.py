"""A session bus connection that times a call to its reply's last byte, and decodes nothing.

What a reply takes to arrive is the answering program's cost; decoding it is the asker's. A
menu's whole layout is megabytes: dbus-fast takes ~150 ms of Python to decode one, which a
tray host (libdbusmenu, in C) does not spend, and which would count against the app if the
bench timed its calls through dbus-fast. So the timed calls go through this connection: each
call's message is built by dbus-fast, sent, and its reply read off the socket by its length
alone.

One call at a time: the first reply or error that comes back is the answer to the call sent.
"""

from __future__ import annotations

import asyncio
import os
import struct
import time

from dbus_fast import Message

__all__ = ["RawBus", "socket_path"]

_RETURN, _ERROR = 2, 3
"""The message types of a reply and of an error (the D-Bus specification's numbers)."""


def socket_path(address: str) -> str:
    """The socket of a ``unix:path=…`` or ``unix:abstract=…`` bus address (an abstract
    socket's name starts with a NUL byte).

    Raises:
        ValueError: The address is of another kind.
    """
    for entry in address.split(";"):
        kind, _, rest = entry.partition(":")
        keys = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        if kind == "unix" and "path" in keys:
            return keys["path"]
        if kind == "unix" and "abstract" in keys:
            return "\0" + keys["abstract"]
    raise ValueError(f"not a unix socket bus address: {address!r}")


def message_length(head: bytes) -> int:
    """A whole message's length in bytes, from its first 16 (D-Bus specification, "Message
    Format": 12 fixed bytes, the header fields' array of ``u32`` length aligned to 8, then
    the body)."""
    order = "<" if head[:1] == b"l" else ">"
    body, _, fields = struct.unpack(f"{order}III", head[4:16])
    header = 16 + fields
    return header + (-header % 8) + body


class RawBus:
    """One connection to a bus, authenticated and said hello to; see :meth:`connect`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._serial = 0

    @classmethod
    async def connect(cls, address: str) -> RawBus:
        """Connect to the bus at ``address`` as this user (``EXTERNAL``) and say hello.

        Raises:
            ConnectionError: The bus refused the connection.
        """
        reader, writer = await asyncio.open_unix_connection(socket_path(address))
        uid = str(os.getuid()).encode().hex()
        writer.write(f"\0AUTH EXTERNAL {uid}\r\n".encode())
        if not (await reader.readline()).startswith(b"OK"):
            writer.close()
            raise ConnectionError(f"the bus at {address} refused us")
        writer.write(b"BEGIN\r\n")
        bus = cls(reader, writer)
        hello = Message(
            destination="org.freedesktop.DBus",
            path="/org/freedesktop/DBus",
            interface="org.freedesktop.DBus",
            member="Hello",
        )
        await bus.call(hello)
        return bus

    async def call(self, message: Message) -> tuple[float, bytes]:
        """Send ``message`` (its serial is set here) and read its reply.

        Returns:
            Seconds from sending it to the reply's last byte, and the reply as it came.

        Raises:
            ConnectionError: The reply is an error.
        """
        self._serial += 1
        message.serial = self._serial
        data = bytes(message._marshall(False))  # dbus-fast's encoder: no public name for it
        began = time.perf_counter()
        self._writer.write(data)
        while True:
            head = await self._reader.readexactly(16)
            whole = head + await self._reader.readexactly(message_length(head) - 16)
            if head[1] in (_RETURN, _ERROR):  # anything else: a signal sent to us alone
                took = time.perf_counter() - began
                if head[1] == _ERROR:
                    raise ConnectionError(f"{message.interface}.{message.member} failed")
                return took, whole

    def close(self) -> None:
        """Leave the bus."""
        self._writer.close()
