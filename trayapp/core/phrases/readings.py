"""What others said, in trayapp's words: sources, status pages, proxies, the outside network.

A source's health ("12 targets", "cannot read source ...: ..."), a status page's description
when trayapp makes one ("All systems operational", "no component named ... on the page") or
why it could not be read, where a proxy was chosen ("GNOME's proxy settings"), what the
outside network found. Each is written in English where named and kept so (the JSON, the
history); :func:`trayapp.core.phrases.retell` says it in the user's language. What a source
or a vendor said in its own words is never a phrase: it is shown as it was said.
"""

from __future__ import annotations

from trayapp.core.i18n import N_
from trayapp.core.phrases import Phrase

# --- sources (trayapp.core.sources) --------------------------------------------------------

# Translators: a source's health: how many targets it names.
TARGETS = Phrase.ngettext("{count} target", "{count} targets")
# Translators: an Alertmanager source's health: how many targets have alerts.
TARGETS_ALERTING = Phrase.ngettext("{count} target alerting", "{count} targets alerting")
# Translators: {said} is "12 targets"; {left_out} how many the source's max_services left out
# ("max_services" is a config key: not translated).
LEFT_OUT = Phrase(N_("{said}, {left_out} left out (max_services)"))
# Translators: {source} is a source's name; {detail} why it could not be read.
CANNOT_READ_SOURCE = Phrase(N_("cannot read source {source}: {detail}"))
# Translators: a source was read, but it does not name the service's target.
NO_TARGET = Phrase(N_("{source} has no target {target}"))
# Translators: an Alertmanager source has no alert for the target: all is well.
NO_ALERT = Phrase(N_("no alert"))
NOT_DECODABLE = Phrase(N_("the answer cannot be decoded"))
NOT_ALERTS = Phrase(N_("not a list of alerts (is this Alertmanager's /api/v2?)"))
NOT_PROMETHEUS = Phrase(N_("not a Prometheus query answer (is this Prometheus's address?)"))
# Translators: {kind} is the kind of a Prometheus result (matrix, scalar); not translated.
NOT_A_VECTOR = Phrase(N_("the query gives a {kind} result, not one value per series"))
STRANGE_RESULT = Phrase(N_("the query gives a strange result, not one value per series"))
NO_VALUE = Phrase(N_("no value"))
# Translators: several alerts or series of one target: the first's words, and how many more.
AND_MORE = Phrase(N_("{first} and {more} more"))

# --- status pages (trayapp.core.vendors) ---------------------------------------------------

ALL_OPERATIONAL = Phrase(N_("All systems operational"))
# Translators: a status page's level ({level}, "Partial outage"), and the incidents or
# components it names.
LEVEL_NAMES = Phrase(N_("{level}: {names}"))
LEVEL_NAMES_MORE = Phrase(N_("{level}: {names} and {more} more"))
# Translators: a component of a status page, and its level ("API: partial outage").
COMPONENT_LEVEL = Phrase(N_("{component}: {level}"))
# Translators: the component a service follows is not on its status page.
NO_COMPONENT = Phrase(N_("no component named '{component}' on the page"))
# Translators: {since} is a date and time in UTC; {detail} why the page could not be read.
NOT_READ_SINCE = Phrase(N_("not read since {since}: {detail}"))
# Translators: {when} is a time in UTC.
ASKED_TO_WAIT = Phrase(N_("the server asked to wait until {when}"))
NO_PAGE_FOUND = Phrase(N_("no status page this app can read was found there"))
PAGE_NOT_HTTP = Phrase(N_("redirected to an address that is not http(s)"))
PAGE_CANNOT_CONNECT = Phrase(N_("cannot connect"))
PAGE_BROKE_HTTP = Phrase(N_("the server broke the HTTP protocol"))
# Translators: {error} is the name of the error, not translated.
PAGE_FAILED = Phrase(N_("the request failed ({error})"))
PAGE_TOO_LARGE = Phrase(N_("the page is larger than {size} MiB"))
PAGE_ENCODING = Phrase(N_("the page's content encoding cannot be read"))
NOTHING_FETCHED = Phrase(N_("nothing was fetched"))
# Translators: {kind} is a media type ("text/html").
SERVED_AS = Phrase(N_("served as {kind}, not JSON"))
PAGE_EMPTY = Phrase(N_("the page is empty"))
SERVED_HTML = Phrase(N_("served HTML, not JSON"))
PAGE_GARBLED = Phrase(N_("the page is garbled (not UTF-8)"))
PAGE_TOO_DEEP = Phrase(N_("the page is nested too deeply to read"))
PAGE_NOT_JSON = Phrase(N_("the page is not valid JSON (cut short or garbled)"))
INTERNAL = Phrase(N_("internal error in trayapp; see the log"))
NOT_GATUS = Phrase(N_("not a Gatus status list"))
NOT_GOOGLE = Phrase(N_("not a Google incidents list"))
NOT_INCIDENT_IO = Phrase(N_("not an incident.io summary"))
NOT_INSTATUS = Phrase(N_("not an Instatus summary"))
NOT_SLACK = Phrase(N_("not Slack's current status"))
NOT_STATUSPAGE = Phrase(N_("not a Statuspage summary"))
NOT_UPTIME_KUMA = Phrase(N_("not an Uptime Kuma page"))
NOT_HEARTBEATS = Phrase(N_("not Uptime Kuma heartbeats"))
FEED_EMPTY = Phrase(N_("the feed is empty"))
SERVED_NOT_FEED = Phrase(N_("served as {kind}, not a feed"))
# Translators: {error} is the name of the error, not translated.
NOT_A_FEED = Phrase(N_("not a feed ({error})"))
FEED_GARBLED = Phrase(N_("not a well-formed feed (cut short or garbled)"))
# Translators: a feed's description: its title ({feed}), then its latest entry's title.
FEED_LATEST = Phrase(N_("{feed}: history only; latest: {entry}"))
FEED_QUIET = Phrase(N_("{feed}: history only; nothing in the last day"))
FEED_NOTHING = Phrase(N_("{feed}: history only; the feed lists nothing"))
# Translators: a feed that has no title of its own.
THE_FEED = Phrase(N_("the feed"))
NO_MONITORS = Phrase(N_("{title} lists no monitors"))
PAGE_NO_MONITORS = Phrase(N_("the page lists no monitors"))
NO_ENDPOINTS = Phrase(N_("no endpoints listed"))
# --- the outside network (trayapp.core.outside) -------------------------------------------

NO_PLACE = Phrase(N_("no place could measure it"))
# Translators: the outside network's finding; {countries} are country codes.
LOADS_FROM_ONE = Phrase(N_("loads from the one place that measured it: {countries}"))
# Translators: the outside network's finding ("loads from 4 of 5 places: DE, US").
LOADS_FROM = Phrase.ngettext(
    "loads from {good} of {count} place: {countries}",
    "loads from {good} of {count} places: {countries}",
)
# Translators: the outside network's finding; {continents} names where it is down.
DOWN_IN = Phrase(N_("down in {continents}, up elsewhere"))
# Translators: {place} is a city or a country; {detail} what failed there.
FAILS_FROM_ONE = Phrase(N_("fails from the one place that measured it, {place}: {detail}"))
# Translators: "fails from 5 of 5 places, e.g. Frankfurt: HTTP 503".
FAILS_FROM = Phrase.ngettext(
    "fails from {failing} of {count} place, e.g. {place}: {detail}",
    "fails from {failing} of {count} places, e.g. {place}: {detail}",
)
# The details the network's reader writes itself (trayapp.core.outside.globalping); what a
# place said in its own words is shown as it said it.
# Translators: what went wrong at a place of the outside network, as in "fails from 3 of 3
# places, e.g. Frankfurt: failed".
OUTSIDE_FAILED = Phrase(N_("failed"))
# Translators: a place of the outside network got an answer that was not HTTP.
NO_HTTP_STATUS = Phrase(N_("no HTTP status"))
# Translators: a place of the outside network pinged the target and got no reply.
NO_REPLY = Phrase(N_("no reply"))
# Translators: a place of the outside network could not connect to the target.
NO_CONNECTION = Phrase(N_("no connection"))
# Translators: a place of the outside network asked DNS and got no answer.
NO_ANSWER = Phrase(N_("no answer"))

# Translators: a Gatus page's description: how many of its endpoints fail, and which.
ENDPOINTS_FAILING = Phrase.ngettext(
    "{failing} of {count} endpoint failing: {names}",
    "{failing} of {count} endpoints failing: {names}",
)
ENDPOINTS_FAILING_MORE = Phrase.ngettext(
    "{failing} of {count} endpoint failing: {names} and {more} more",
    "{failing} of {count} endpoints failing: {names} and {more} more",
)
# Translators: what a status page said: "Twitter status: 'All systems operational'".
QUOTE = Phrase(N_("{service} status: '{words}'"))

# --- proxies (trayapp.core.probes.proxies, .proxysettings) ---------------------------------

# Translators: where a proxy setting comes from; part of "(the proxy set by the config)".
THE_CONFIG = Phrase(N_("the config"))
THE_ENVIRONMENT = Phrase(N_("the environment"))
GNOME_SETTINGS = Phrase(N_("GNOME's proxy settings"))
KDE_SETTINGS = Phrase(N_("KDE's proxy settings"))
SYSTEM_SETTINGS = Phrase(N_("the system's proxy settings"))
NO_PROXY_SETTINGS = Phrase(N_("no proxy settings"))
THE_URL = Phrase(N_("the URL"))
FOUND_BY_WPAD = Phrase(N_("found by WPAD"))
# Translators: a proxy auto-configuration (PAC) file, by its address.
THE_PAC_FILE = Phrase(N_("the PAC file {url}"))
# Translators: {origin} is where the PAC file was set ("GNOME's proxy settings").
THE_PAC_FILE_OF = Phrase(N_("the PAC file {url} ({origin})"))

# --- the network, seen from here (trayapp.core.network) -----------------------------------

AT_PROXY = Phrase(N_("through the proxy {proxy}: {detail}"))
# Translators: what a canary is expected to answer, when no answer is written for it.
ANY_SUCCESS = Phrase(N_("an HTTP 2xx"))
# Translators: a canary's answer ({detail}) was not the one it gives ({expected}).
NOT_EXPECTED = Phrase(N_("{detail}, not the expected {expected}"))
REDIRECTED_TO = Phrase(N_("{detail}: redirected to {location}"))
TITLE_PORTAL = Phrase(N_("A captive portal is in the way"))
TITLE_PROXY = Phrase(N_("Your proxy isn't working"))
TITLE_DNS = Phrase(N_("Names don't resolve"))
TITLE_LIMITED = Phrase(N_("Your connection is limited"))
TITLE_OFFLINE = Phrase(N_("You're offline"))
# Translators: why services are unknown: the network's state ({problem}, "you're offline").
JUST_YOU = Phrase(N_("{problem}: it's just you"))
