"""What a check found, in the words of its detail: the probes' phrases.

Each is written by the probe named beside it and kept, in English, in the check's result, the
JSON and the history; :func:`trayapp.core.phrases.retell` says it in the user's language. The
placeholders are named for what they hold (see :mod:`trayapp.core.phrases`). Some phrases are
not trayapp's own but the system's words a detail passes on (OpenSSL's, the C library's):
the most common of them, so that they are read in the user's language too.
"""

from __future__ import annotations

from trayapp.core.i18n import N_
from trayapp.core.phrases import Phrase

# --- where a request went (trayapp.core.probes.causes) ------------------------------------

# Translators: who a check talked to when nothing more is known; part of a sentence such as
# "connection refused by the server".
THE_SERVER = Phrase(N_("the server"))
# Translators: a proxy, named by its address ("the proxy 10.0.0.1:3128"); part of a sentence
# such as "connection refused by the proxy 10.0.0.1:3128".
THE_PROXY = Phrase(N_("the proxy {proxy}"))
# Translators: a site reached through a proxy; part of a sentence such as "no response from
# example.com:443 through the proxy 10.0.0.1:3128 within 5s".
THROUGH_PROXY = Phrase(N_("{target} through the proxy {proxy}"))
# Translators: what failed ({detail}) on something ({subject}): a check's target, a condition.
SUBJECT = Phrase(N_("{subject}: {detail}"))

# --- how a check failed (trayapp.core.probes.causes) --------------------------------------

NO_CONNECTION_WITHIN = Phrase(N_("no connection to {endpoint} within {timeout}"))
NO_HANDSHAKE_WITHIN = Phrase(N_("no TLS handshake with {endpoint} within {timeout}"))
NOT_SENT_WITHIN = Phrase(N_("could not send the request to {endpoint} within {timeout}"))
NO_RESPONSE_WITHIN = Phrase(N_("no response from {endpoint} within {timeout}"))
BODY_NOT_WITHIN = Phrase(N_("the body from {endpoint} did not finish within {timeout}"))
TOO_MANY_REDIRECTS = Phrase(N_("too many redirects"))
# Translators: a redirect led to {url}, which is not a web address (ftp://, mailto:).
REDIRECTED_NOT_HTTP = Phrase(N_("redirected to {url}, which is not an http(s) URL"))
REDIRECTED_SOMEWHERE = Phrase(N_("redirected, which is not an http(s) URL"))
NOT_HTTP = Phrase(N_("not an http(s) URL"))
# Translators: {problem} is what was wrong with the certificate ("certificate has expired").
TLS_PROBLEM = Phrase(N_("TLS: {problem} ({endpoint})"))
# Translators: {reason} is OpenSSL's reason ("wrong version number").
HANDSHAKE_FAILED_BECAUSE = Phrase(N_("TLS handshake with {endpoint} failed: {reason}"))
HANDSHAKE_FAILED = Phrase(N_("TLS handshake with {endpoint} failed"))
REFUSED_BY = Phrase(N_("connection refused by {endpoint}"))
RESET_BY = Phrase(N_("connection reset by {endpoint}"))
# Translators: {reason} is the proxy library's own message.
PROXY_REFUSED = Phrase(N_("the proxy refused: {reason}"))
BROKE_READING = Phrase(N_("connection to {endpoint} broke while reading the body"))
BROKE_BEFORE = Phrase(N_("connection to {endpoint} broke before it answered"))
CLOSED_IN_HANDSHAKE = Phrase(N_("connection closed by {endpoint} during the TLS handshake"))
# Translators: {reason} is the system's words for the error ("Network is unreachable").
CANNOT_CONNECT_BECAUSE = Phrase(N_("cannot connect to {endpoint}: {reason}"))
CANNOT_CONNECT = Phrase(N_("cannot connect to {endpoint}"))
HTTP_FAILURE = Phrase(N_("HTTP failure talking to {endpoint}"))
CLOSED_IN_BODY = Phrase(N_("connection closed by {endpoint} before the body was complete"))
CLOSED_UNANSWERED = Phrase(N_("connection closed by {endpoint} without an answer"))
HEADERS_TOO_LARGE = Phrase(N_("the response headers from {endpoint} are too large"))
NOT_DECODED = Phrase(N_("the body from {endpoint} could not be decoded"))
MALFORMED = Phrase(N_("malformed HTTP response from {endpoint}"))
PROXY_REFUSED_TUNNEL = Phrase(N_("the proxy {proxy} refused the tunnel request"))
# Translators: {said} is the proxy's answer ("HTTP 502 Bad Gateway").
PROXY_ANSWERED_TUNNEL = Phrase(N_("the proxy {proxy} answered the tunnel request with {said}"))
PROXY_REFUSED_CONNECTION = Phrase(N_("the proxy {proxy} refused the connection"))
PROXY_SILENT = Phrase(N_("the proxy {proxy} did not answer within {timeout}"))
PROXY_SILENT_TUNNEL = Phrase(
    N_("the proxy {proxy} did not answer the tunnel request within {timeout}")
)
PROXY_NOT_PROXY = Phrase(N_("the proxy {proxy} did not answer the tunnel request as a proxy"))

# --- names (trayapp.core.probes.resolver, .dns) -------------------------------------------

NO_DNS_ANSWER = Phrase(N_("no DNS answer for {name} within {timeout}"))
# Translators: {reason} is the system's words ("Name or service not known").
CANNOT_RESOLVE = Phrase(N_("cannot resolve {name}: {reason}"))
NOT_A_NAME = Phrase(N_("not a valid name"))
NO_ADDRESS = Phrase(N_("no address"))
NO_DNS_SERVER = Phrase(N_("cannot find the DNS server {server}"))
HAS_NO_ADDRESS = Phrase(N_("{name} has no address"))
# Translators: {record} is a DNS record type (MX, TXT, AAAA).
HAS_NO_RECORD = Phrase(N_("{name} has no {record} record"))
NO_SUCH_NAME = Phrase(N_("no such name: {name}"))
NO_SERVER_ANSWERED = Phrase(N_("no DNS server could answer for {name}"))
NOT_A_SERVER = Phrase(N_("not a DNS server address: '{server}'"))
# Translators: a dns check whose conditions expect the name's failure; {rcode} is the DNS
# response code (NXDOMAIN).
AS_EXPECTED = Phrase(N_("{detail} ({rcode}, as expected)"))

# --- http and tcp (trayapp.core.probes.http, .tcp) ----------------------------------------

MORE_REDIRECTS = Phrase(N_("more than {count} redirects"))
PLAIN_HTTP = Phrase(N_("{detail} (redirected to plain HTTP)"))
# Translators: an HTTP answer: its status code and its standard English reason phrase.
HTTP_ANSWER = Phrase(N_("HTTP {code} {reason_phrase}"))
HTTP_CODE = Phrase(N_("HTTP {code}"))
PROXY_ANSWERED = Phrase(N_("the proxy {proxy} answered {said}"))
BODY_TOO_LARGE = Phrase(N_("the body is larger than {size} MiB"))
BODY_NOT_VALID = Phrase(N_("the body is not valid {encoding}"))
CANNOT_SEARCH = Phrase(N_("cannot search a body in {encoding} encoding"))
BODY_CONTAINS = Phrase(N_("body contains {text}"))
BODY_LACKS = Phrase(N_("body lacks {text}"))
# Translators: {day} is a date.
CERTIFICATE_EXPIRED = Phrase(N_("the certificate of {host} expired on {day}"))
CERTIFICATE_EXPIRES_TODAY = Phrase(N_("the certificate of {host} expires within a day ({day})"))
CERTIFICATE_EXPIRES = Phrase.ngettext(
    "the certificate of {host} expires in {count} day ({day})",
    "the certificate of {host} expires in {count} days ({day})",
)
CONNECTED = Phrase(N_("connected to {target}"))

# --- ping (trayapp.core.probes.pingcheck, .icmp) ------------------------------------------

# Translators: a ping's result; {spread} is the fastest, average and slowest reply time.
REPLIES = Phrase(N_("{received} of {sent} replies from {address}, min/avg/max {spread}"))
REPLIES_LOST = Phrase(
    N_("{received} of {sent} replies ({percent} lost) from {address}, min/avg/max {spread}")
)
# Translators: {detail} is why an echo failed ("unreachable: host unreachable").
ADDRESS_FAILED = Phrase(N_("{address} {detail}"))
NO_REPLY = Phrase(N_("no reply from {address} within {timeout}"))
NO_REPLY_ECHOES = Phrase(N_("no reply from {address} within {timeout} ({count} echoes)"))
NO_INTERFACE = Phrase(N_("unreachable: this computer has no network interface {scope}"))
ANSWERED_IN = Phrase(N_("answered in {rtt}"))
ECHOES_ANSWERED = Phrase(N_("{received} of {sent} echoes answered, in {rtt} (median)"))
UNREACHABLE = Phrase(N_("unreachable: {reason}"))
NO_ANSWER_WITHIN = Phrase(N_("no answer within {timeout}"))
# Translators: {icmp_type} and {icmp_code} are numbers of an ICMP error.
DESTINATION_UNREACHABLE = Phrase(N_("destination unreachable (code {icmp_code})"))
ICMP_ERROR = Phrase(N_("ICMP error type {icmp_type} code {icmp_code}"))
# Translators: {reason} is an ICMP error; {offender} the address of the router that sent it.
REPORTED_BY = Phrase(N_("{reason} (reported by {offender})"))
TTL_EXCEEDED = Phrase(N_("time to live exceeded in transit"))
HOP_LIMIT_EXCEEDED = Phrase(N_("hop limit exceeded"))
PACKET_TOO_BIG = Phrase(N_("packet too big"))
ICMP_UNREACHABLE = {
    "network unreachable": Phrase(N_("network unreachable")),
    "host unreachable": Phrase(N_("host unreachable")),
    "protocol unreachable": Phrase(N_("protocol unreachable")),
    "port unreachable": Phrase(N_("port unreachable")),
    "fragmentation needed": Phrase(N_("fragmentation needed")),
    "network unknown": Phrase(N_("network unknown")),
    "host unknown": Phrase(N_("host unknown")),
    "network administratively prohibited": Phrase(N_("network administratively prohibited")),
    "host administratively prohibited": Phrase(N_("host administratively prohibited")),
    "administratively prohibited": Phrase(N_("administratively prohibited")),
    "no route to destination": Phrase(N_("no route to destination")),
    "address unreachable": Phrase(N_("address unreachable")),
    "source address failed policy": Phrase(N_("source address failed policy")),
    "reject route to destination": Phrase(N_("reject route to destination")),
}
"""ICMP's destination-unreachable codes in words, by their English."""
# Translators: {version} is 4 or 6 (IPv4, IPv6).
NO_IP_VERSION = Phrase(N_("this system has no IPv{version}"))
NO_IP_VERSION_ASKED = Phrase(N_("this system has no IPv{version}; {address} could not be asked"))
NO_PING_ASKED = Phrase(
    N_("this system does not allow unprivileged ping; {address} could not be asked")
)
NO_PING_GROUP_ASKED = Phrase(
    N_(
        "this system does not allow unprivileged ping (net.ipv4.ping_group_range); {address} "
        "could not be asked"
    )
)
# Translators: {reason} is the system's words for the error.
CANNOT_PING = Phrase(N_("this system cannot ping ({reason})"))
CANNOT_PING_ASKED = Phrase(N_("this system cannot ping ({reason}); {address} could not be asked"))
NO_ICMP_SOCKET = Phrase(
    N_("this system does not allow this program to ping (no ICMP socket may be opened)")
)
# Translators: {value} is the setting's value now ("1 0"); {command} the command that allows
# it, not to be translated.
PING_GROUP_NOW = Phrase(
    N_(
        'this system does not allow unprivileged ping (net.ipv4.ping_group_range is "{value}", '
        "which leaves out every group of this user); allow it with: {command}"
    )
)
# Translators: {command} is the command that allows it, not to be translated.
PING_GROUP = Phrase(
    N_(
        "this system does not allow unprivileged ping (net.ipv4.ping_group_range leaves out "
        "every group of this user); allow it with: {command}"
    )
)

# --- asking a DNS server directly (trayapp.core.probes.localnet) ---------------------------

NOTHING_ON_PORT = Phrase(N_("unreachable: nothing answers on port {port} (port unreachable)"))
MALFORMED_DNS = Phrase(N_("answers with a malformed message"))
# Translators: a DNS server's answer: the name does not exist (NXDOMAIN, not translated).
SAYS_NO_SUCH_NAME = Phrase(N_("says {name} does not exist (NXDOMAIN)"))
# Translators: a DNS server's answer: {rcode} is its response code (SERVFAIL).
ANSWERS_RCODE = Phrase(N_("answers {rcode} for {name}"))
ANSWERED_NO_IPV4 = Phrase(N_("answered: {name} has no IPv4 address"))
# Translators: a DNS server's answer: the name's addresses.
ANSWERED_ADDRESSES = Phrase(N_("answered: {name} is {addresses}"))

# --- the prober and the conditions (trayapp.core.probes.prober, .conditions) -------------

SLOW = Phrase(N_("answered in {took} (slow after {limit})"))
# Translators: {secret} is the name of a secret kept in the system's keyring.
KEYRING_LOCKED = Phrase(N_("the keyring did not give secret {secret} in time (is it locked?)"))
SECRET_UNREADABLE = Phrase(N_("secret {secret} could not be read: {reason}"))
SECRET_MISSING = Phrase(N_("secret {secret} not found in the keyring"))
SECRET_UNSENDABLE = Phrase(N_("secret {secret} holds characters a header cannot carry"))
# Translators: {header} is the name of an HTTP header; {reason} why its secret was missing.
SENT_WITHOUT = Phrase(N_("sent without {header}: {reason}"))
# Translators: {error} is the name of a programming error; "the log" is trayapp's log file.
INTERNAL_ERROR = Phrase(N_("internal error in trayapp ({error}); see the log"))
MORE_CONDITIONS = Phrase.ngettext("{count} more condition failed", "{count} more conditions failed")
# Translators: what a condition's placeholder gave: "got 503", 'got "DOWN", "UP"'.
GOT = Phrase(N_("got {values}"))
GOT_MORE = Phrase(N_("got {values} (+{count} more)"))
NOT_A_NUMBER = Phrase(N_("{seen}, not a number"))
NO_STATUS = Phrase(N_("no status"))
NO_CERTIFICATE = Phrase(N_("no certificate"))
NO_IP = Phrase(N_("no IP address known (through a proxy, only the proxy's)"))
NO_RCODE = Phrase(N_("no DNS response code"))
NO_ANSWERS = Phrase(N_("got no answers"))
NOT_JSON_SAID = Phrase(N_("the body is not JSON: {text}"))
NOT_JSON_EMPTY = Phrase(N_("the body is not JSON (it is empty)"))
NOT_JSON_DEEP = Phrase(N_("the body is not JSON (it nests too deeply to read)"))
# Translators: {where} is a path into a JSON document ("data[0].status").
HAS_NO = Phrase(N_("the body has no {where}"))
TOO_DEEP_TO_MEASURE = Phrase(N_("{where} is nested too deeply to measure"))
TOO_DEEP_TO_SHOW = Phrase(N_("(nested too deeply to show)"))

# --- the system's own words a detail passes on -------------------------------------------

SYSTEM_WORDS = [
    # The C library's (strerror, gai_strerror).
    Phrase(N_("Connection refused")),
    Phrase(N_("Network is unreachable")),
    Phrase(N_("No route to host")),
    Phrase(N_("Host is down")),
    Phrase(N_("Connection timed out")),
    Phrase(N_("Connection reset by peer")),
    Phrase(N_("Cannot assign requested address")),
    Phrase(N_("Address family not supported by protocol")),
    Phrase(N_("Permission denied")),
    Phrase(N_("Operation not permitted")),
    Phrase(N_("Name or service not known")),
    Phrase(N_("Temporary failure in name resolution")),
    Phrase(N_("No address associated with hostname")),
    Phrase(N_("Non-recoverable failure in name resolution")),
    Phrase(N_("nodename nor servname provided, or not known")),
    # OpenSSL's, verifying a certificate.
    Phrase(N_("certificate has expired")),
    Phrase(N_("certificate is not yet valid")),
    Phrase(N_("self-signed certificate")),
    Phrase(N_("self signed certificate")),
    Phrase(N_("self-signed certificate in certificate chain")),
    Phrase(N_("self signed certificate in certificate chain")),
    Phrase(N_("unable to get local issuer certificate")),
    Phrase(N_("unable to verify the first certificate")),
    Phrase(N_("certificate signature failure")),
    Phrase(N_("certificate revoked")),
    Phrase(N_("unsuitable certificate purpose")),
    # Translators: OpenSSL's words; {host} is the name the certificate does not cover.
    Phrase(N_("Hostname mismatch, certificate is not valid for '{host}'.")),
    Phrase(N_("IP address mismatch, certificate is not valid for '{host}'.")),
    # OpenSSL's reasons for a failed handshake, as a detail writes them.
    Phrase(N_("wrong version number")),
    Phrase(N_("sslv3 alert handshake failure")),
    Phrase(N_("tlsv1 alert protocol version")),
    Phrase(N_("tlsv1 alert internal error")),
    Phrase(N_("tlsv1 alert unknown ca")),
    Phrase(N_("tlsv1 unrecognized name")),
    Phrase(N_("unsupported protocol")),
    Phrase(N_("no protocols available")),
    Phrase(N_("unexpected eof while reading")),
    Phrase(N_("packet length too long")),
    Phrase(N_("record layer failure")),
]
"""Words of the system's that details pass on as they are: known, so that they are read in
the user's language too."""
