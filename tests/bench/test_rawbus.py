"""bench.rawbus: a bus connection that reads each reply whole by its length, decoding nothing."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from dbus_fast import Message, MessageType
from dbus_fast.aio import MessageBus

from bench.rawbus import RawBus, message_length, socket_path
from tests.support.systembus import private_system_bus


@pytest.mark.parametrize(
    ("address", "path"),
    [
        ("unix:path=/tmp/dbus-x,guid=0123", "/tmp/dbus-x"),
        ("unix:abstract=/tmp/dbus-y,guid=0123", "\0/tmp/dbus-y"),
        ("tcp:host=127.0.0.1,port=5;unix:path=/run/bus", "/run/bus"),
    ],
)
def test_the_socket_is_read_from_a_unix_address(address: str, path: str) -> None:
    assert socket_path(address) == path


def test_an_address_with_no_unix_socket_is_refused() -> None:
    with pytest.raises(ValueError, match="not a unix socket"):
        socket_path("tcp:host=127.0.0.1,port=5")


@pytest.mark.parametrize(
    "body", [[], ["a"], ["x" * 7], ["y" * 100_000], [[f"z{n}" for n in range(99)]]]
)
@pytest.mark.parametrize("member", ["Get", "AVeryLongMemberNameThatPadsTheHeaderDifferently"])
def test_a_message_length_is_told_by_its_first_16_bytes(body: list[object], member: str) -> None:
    signature = "" if not body else ("s" if isinstance(body[0], str) else "as")
    message = Message(
        destination="org.example.Name",
        path="/org/example",
        interface="org.example.Interface",
        member=member,
        signature=signature,
        body=body,
        serial=7,
    )
    data = bytes(message._marshall(False))
    assert message_length(data[:16]) == len(data)


@pytest.mark.linux_only
@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="no dbus-daemon here")
def test_replies_and_errors_are_read_whole_so_the_next_call_gets_its_own(tmp_path: Path) -> None:
    async def talk(address: str) -> None:
        decoding = await MessageBus(bus_address=address).connect()
        raw = await RawBus.connect(address)
        try:
            names = Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="ListNames",
            )
            expected = await decoding.call(names)
            assert expected is not None
            assert expected.message_type == MessageType.METHOD_RETURN
            took, reply = await raw.call(names)
            assert took > 0
            assert decoding.unique_name is not None
            assert decoding.unique_name.encode() in reply
            wrong = Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="NoSuchMethod",
            )
            with pytest.raises(ConnectionError, match="NoSuchMethod"):
                await raw.call(wrong)
            _, again = await raw.call(names)
            assert message_length(again[:16]) == len(again)
            assert decoding.unique_name.encode() in again
        finally:
            raw.close()
            decoding.disconnect()

    with private_system_bus(tmp_path) as bus:
        asyncio.run(talk(bus.address))
