from django.utils.functional import SimpleLazyObject

from forum.disclaimers import current_disclaimer


def disclaimer(request):
    return {"disclaimer": SimpleLazyObject(current_disclaimer)}


# Whether the member moderates is written to their session when they sign
# in (forum.signals), so the header's "Moderation" link costs no query on
# every page. The services check the permission on every action, so a
# moderator whose role is taken away loses the power at once and the link
# at their next sign-in.
MODERATES_SESSION_KEY = "cairn_moderates"


def roles(request):
    session = getattr(request, "session", None)
    return {
        "header_moderates": bool(session and session.get(MODERATES_SESSION_KEY)),
    }
