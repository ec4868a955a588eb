from .disclaimer import Disclaimer
from .discussions import Acceptance, Comment, Discussion
from .following import Subscription
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
    "Member",
    "ModerationAction",
    "NameReservation",
    "Notification",
    "Reason",
    "Subscription",
    "WatchedPhrase",
]
