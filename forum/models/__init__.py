from .disclaimer import Disclaimer
from .members import Member

__all__ = ["Disclaimer", "Member"]
