from .anonymity import Pseudonym
from .disclaimer import Disclaimer
from .discussions import Acceptance, Comment, Discussion
from .following import Subscription
from .guests import Guest
from .members import PERMANENT_SUSPENSION, EmailFrequency, Member, NameReservation
from .moderation import Flag, ModerationAction, Reason, WatchedPhrase
from .notifications import Notification

__all__ = [
    "PERMANENT_SUSPENSION",
    "Acceptance",
    "Comment",
    "Discussion",
    "EmailFrequency",
    "Disclaimer",
    "Flag",
    "Guest",
    "Member",
    "ModerationAction",
    "NameReservation",
    "Notification",
    "Pseudonym",
    "Reason",
    "Subscription",
    "WatchedPhrase",
]
