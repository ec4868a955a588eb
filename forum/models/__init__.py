from .anonymity import Pseudonym
from .disclaimer import Disclaimer
from .discussions import Acceptance, Comment, Discussion
from .exports import DataExport
from .following import Subscription
from .guests import Guest
from .ignoring import Ignore
from .journeys import Journey, MSType, Visibility
from .members import (
    PERMANENT_SUSPENSION,
    EmailFrequency,
    Member,
    NameReservation,
    TextSize,
    Theme,
)
from .moderation import Flag, ModerationAction, Reason, WatchedPhrase
from .notifications import Notification
from .treatments import Treatment

__all__ = [
    "PERMANENT_SUSPENSION",
    "Acceptance",
    "Comment",
    "DataExport",
    "Discussion",
    "EmailFrequency",
    "Disclaimer",
    "Flag",
    "Guest",
    "Ignore",
    "Journey",
    "MSType",
    "Member",
    "ModerationAction",
    "NameReservation",
    "Notification",
    "Pseudonym",
    "Reason",
    "Subscription",
    "TextSize",
    "Theme",
    "Treatment",
    "Visibility",
    "WatchedPhrase",
]
