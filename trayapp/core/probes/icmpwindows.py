"""ICMP echo on Windows: ``IcmpSendEcho`` / ``Icmp6SendEcho2`` of iphlpapi.dll.

They need no privilege. Each call blocks until its reply or its timeout, so
:func:`~trayapp.core.probes.icmp.ping` makes it on a worker thread, one an echo. Only Windows
has this module's function; the other systems use sockets (:mod:`trayapp.core.probes.icmp`).
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys
import time

__all__ = ["echo_windows"]

if sys.platform == "win32":
    import ctypes

    # IP_STATUS of <ipexport.h>; the IPv6 names share the numbers (IP_DEST_NO_ROUTE, ...).
    _IP_SUCCESS = 0
    _IP_REQ_TIMED_OUT = 11010
    _WINDOWS_STATUS = {
        11002: "network unreachable",
        11003: "host unreachable",
        11004: "protocol unreachable",
        11005: "port unreachable",
        11009: "packet too big",
        11013: "time to live exceeded in transit",
        11018: "bad destination",
    }

    def echo_windows(
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
        scope: int,
        timeout: float,
        payload: bytes,
    ) -> float | str | None:
        """One echo to ``ip`` (an IPv6 one through interface ``scope``, 0 for any), blocking.

        Returns:
            Its round trip in seconds, an ICMP error's words, or None for no answer within
            ``timeout`` seconds.

        Raises:
            OSError: iphlpapi.dll could not be used.
        """
        api = ctypes.WinDLL("iphlpapi.dll", use_last_error=True)
        pointer, data, u16, u32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint16, ctypes.c_uint32
        api.IcmpCreateFile.restype = api.Icmp6CreateFile.restype = pointer
        api.IcmpCloseHandle.argtypes = [pointer]
        api.IcmpSendEcho.restype = api.Icmp6SendEcho2.restype = u32
        api.IcmpSendEcho.argtypes = [pointer, u32, data, u16, pointer, pointer, u32, u32]
        api.Icmp6SendEcho2.argtypes = [pointer] * 4 + [data] * 3 + [u16, pointer, pointer, u32, u32]
        v4 = ip.version == 4
        handle = api.IcmpCreateFile() if v4 else api.Icmp6CreateFile()
        if handle in (None, ctypes.c_void_p(-1).value):
            raise ctypes.WinError(ctypes.get_last_error())
        reply = ctypes.create_string_buffer(1024)
        wait = max(1, round(timeout * 1000))
        start = time.perf_counter()
        try:
            if v4:
                destination = int.from_bytes(ip.packed, "little")  # network order
                got = api.IcmpSendEcho(
                    handle, destination, payload, len(payload), None, reply, len(reply), wait
                )
            else:  # struct sockaddr_in6: family, port, flow, address, scope
                source = struct.pack("<hHI16sI", socket.AF_INET6, 0, 0, bytes(16), 0)
                to = struct.pack("<hHI16sI", socket.AF_INET6, 0, 0, ip.packed, scope)
                got = api.Icmp6SendEcho2(
                    handle, None, None, None, source, to, payload, len(payload), None,
                    reply, len(reply), wait,
                )  # fmt: skip
            rtt = time.perf_counter() - start
            failure = ctypes.get_last_error()
        finally:
            api.IcmpCloseHandle(handle)
        if v4:  # ICMP_ECHO_REPLY: Address, Status, RoundTripTime, ...
            raw, status = reply.raw[0:4], struct.unpack_from("<I", reply.raw, 4)[0]
        else:  # ICMPV6_ECHO_REPLY: a packed IPV6_ADDRESS_EX of 26 bytes, then Status
            raw, status = reply.raw[6:22], struct.unpack_from("<I", reply.raw, 28)[0]
        status = status if got else failure
        if status == _IP_SUCCESS:
            return rtt
        if status == _IP_REQ_TIMED_OUT:
            return None
        offender = str(ipaddress.ip_address(raw)) if got else None
        text = _WINDOWS_STATUS.get(status, f"ICMP error {status}")
        return f"{text} (reported by {offender})" if offender else text
