from .disclaimer import Disclaimer
from .discussions import Acceptance, Comment, Discussion
from .members import Member, NameReservation

__all__ = [
    "Acceptance",
    "Comment",
    "Discussion",
    "Disclaimer",
    "Member",
    "NameReservation",
]
