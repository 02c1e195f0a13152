"""An incident's timeline and errors, in the words the history keeps.

The tracker (:mod:`trayapp.core.monitor.incidents`) writes each line of an incident's
timeline in English, and the store keeps it so; a failure is written ``target: detail``
(:data:`~trayapp.core.phrases.checks.SUBJECT`). The incidents window reads them back through
:func:`trayapp.core.phrases.retell`, in the user's language.
"""

from __future__ import annotations

from trayapp.core.i18n import N_
from trayapp.core.phrases import Phrase

# Translators: the first line of an incident's timeline; {failure} is what failed first
# ("https://example.com/: HTTP 503 Service Unavailable").
WENT_DOWN = Phrase(N_("Went down: {failure}"))
DEGRADED = Phrase(N_("Degraded: {failure}"))
# Translators: a line of an incident's timeline: who is affected ("down for everyone").
VERDICT = Phrase(N_("Verdict: {verdict}"))
# Translators: a line of an incident's timeline: the service answers again, after {length}.
BACK_UP = Phrase(N_("Back up after {length}"))
# Translators: a line of an incident's timeline: the service failed again while recovering;
# {flaps} counts the times.
FAILED_AGAIN = Phrase(N_("Failed again (flap {flaps})"))
FAILED_AGAIN_WITH = Phrase(N_("Failed again (flap {flaps}): {failure}"))
# Translators: a line of an incident's timeline: a new cause of failure was seen.
NEW_CAUSE = Phrase(N_("New cause: {failure}"))
# Translators: a line of an incident's timeline: the service got worse ("Now down").
NOW = Phrase(N_("Now {status}"))
# Translators: a line of an incident's timeline: the incident ended.
RESOLVED = Phrase(N_("Resolved: up for {length} since the last recovery"))
NO_LONGER_MONITORED = Phrase(N_("No longer monitored"))
# Translators: a line of an incident's timeline: what the status page says ("Twitter status:
# Investigating: ..."); {update} is the page's own words.
VENDOR_SAYS = Phrase(N_("{service} status: {update}"))
# Translators: a line of an incident's timeline: how it looks from other places on the
# internet ("fails from 3 of 3 places").
SEEN_FROM_OUTSIDE = Phrase(N_("Seen from outside: {summary}"))
# Translators: why a service could not be judged.
NETWORK_OFFLINE = Phrase(N_("your network is offline"))
