from django.utils.functional import SimpleLazyObject, cached_property

from forum.disclaimers import current_disclaimer
from forum.services.comfort import COOKIE_NAME, comfort_for
from forum.services.notifications import unread_count
from forum.services.standing import UNREAD_SHOWN


def disclaimer(request):
    return {"disclaimer": SimpleLazyObject(current_disclaimer)}


# Whether the member moderates is written to their session when they sign
# in (forum.signals), so the header's "Moderation" link costs no query on
# every page. The services check the permission on every action, so a
# moderator whose role is taken away loses the power at once and the link
# at their next sign-in.
MODERATES_SESSION_KEY = "cairn_moderates"


# Likewise whether they answer readers' questions somewhere (a columnist,
# an expert: forum.services.questions), for the header's "Questions to
# answer" link; its count is asked only on the pages of those who do.
ANSWERS_SESSION_KEY = "cairn_answers"


def roles(request):
    session = getattr(request, "session", None)
    answers = bool(session and session.get(ANSWERS_SESSION_KEY))
    return {
        "header_moderates": bool(session and session.get(MODERATES_SESSION_KEY)),
        "header_questions": WaitingQuestions(request) if answers else None,
    }


class WaitingQuestions:
    """The header's count of questions waiting for the member's answer,
    asked of the database only when the header shows it."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def label(self) -> str:
        """ "" for none, the number, or "99+" past the count's cap."""
        from forum.services.questions import WAITING_SHOWN, waiting_count

        count = waiting_count(self.request.user)
        if not count:
            return ""
        return f"{WAITING_SHOWN}+" if count > WAITING_SHOWN else str(count)


# The unread count a discussion page learnt with the member's standing
# query (forum.views.following.read_as_viewer): the header asks no more.
UNREAD_ATTRIBUTE = "cairn_unread"


class UnreadNotifications:
    """The header's unread count, asked of the database only when the
    header shows it (a signed-in member's page), and not at all on a
    discussion page, which learnt it with the member's standing
    (forum.views.following.read_as_viewer)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self) -> int:
        known = getattr(self.request, UNREAD_ATTRIBUTE, None)
        if known is not None:
            return known
        return unread_count(self.request.user)

    @property
    def label(self) -> str:
        """ "" for none, the number, or "99+" past the count's cap."""
        if not self.count:
            return ""
        return f"{UNREAD_SHOWN}+" if self.count > UNREAD_SHOWN else str(self.count)


def notifications(request):
    return {"unread_notifications": UnreadNotifications(request)}


def comfort(request):
    """The text size and theme <html> is drawn with (forum.services.comfort),
    worked out only on a page that draws <html>, not for a fragment."""
    return {
        "comfort": SimpleLazyObject(
            lambda: comfort_for(
                user=getattr(request, "user", None),
                cookie=request.COOKIES.get(COOKIE_NAME),
            )
        )
    }
