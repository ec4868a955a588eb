from .disclaimer import Disclaimer
from .discussions import Acceptance, Comment, Discussion
from .members import PERMANENT_SUSPENSION, Member, NameReservation
from .moderation import Flag, ModerationAction, Reason, WatchedPhrase

__all__ = [
    "PERMANENT_SUSPENSION",
    "Acceptance",
    "Comment",
    "Discussion",
    "Disclaimer",
    "Flag",
    "Member",
    "ModerationAction",
    "NameReservation",
    "Reason",
    "WatchedPhrase",
]
