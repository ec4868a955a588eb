from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forum.disclaimers import forget_current_disclaimer
from forum.models import Disclaimer, WatchedPhrase


@receiver([post_save, post_delete], sender=Disclaimer)
def disclaimer_changed(**kwargs) -> None:
    # Now, and again after commit: a request between the save and the commit
    # could cache the old version.
    forget_current_disclaimer()
    transaction.on_commit(forget_current_disclaimer)


@receiver([post_save, post_delete], sender=WatchedPhrase)
def watched_phrases_changed(**kwargs) -> None:
    from forum.services.holding import forget_watched_phrases

    forget_watched_phrases()
    transaction.on_commit(forget_watched_phrases)


@receiver(user_logged_in)
def remember_role(sender, request, user, **kwargs) -> None:
    from forum.context_processors import MODERATES_SESSION_KEY
    from forum.services import moderated_discussions

    if request is not None and hasattr(request, "session"):
        # Every discussion (a moderator), or some (a columnist who may).
        mine = moderated_discussions(user)
        request.session[MODERATES_SESSION_KEY] = mine is None or mine.exists()
