"""Waits and deadlines in words a tired reader takes in at a glance.

"about 53 minutes", never "3212 seconds": every wait Cairn shows a member
(a rate limit, a suspension, the edit window) is worded here.
"""

import math
from datetime import datetime

from django.utils import timezone
from django.utils.translation import ngettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def human_wait(seconds: float) -> str:
    """A wait of `seconds`, rounded up to the unit a person would use."""
    seconds = max(1, math.ceil(seconds))
    if seconds < MINUTE:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    if seconds < HOUR:
        minutes = math.ceil(seconds / MINUTE)
        return ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {
            "n": minutes
        }
    if seconds < 2 * DAY:
        hours = math.ceil(seconds / HOUR)
        return ngettext("about %(n)d hour", "about %(n)d hours", hours) % {"n": hours}
    days = math.ceil(seconds / DAY)
    return ngettext("about %(n)d day", "about %(n)d days", days) % {"n": days}


def wait_until(moment: datetime, *, now: datetime | None = None) -> str:
    """How long until `moment`, as human_wait words."""
    return human_wait((moment - (now or timezone.now())).total_seconds())
