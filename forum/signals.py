from allauth.account.signals import email_confirmed
from django.contrib import messages
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
def record_session(sender, request, user, **kwargs) -> None:
    """The new session in the member's list of signed-in devices."""
    from forum.sessions import record_sign_in

    record_sign_in(request, user)


@receiver(user_logged_in)
def remember_role(sender, request, user, **kwargs) -> None:
    from forum.context_processors import MODERATES_SESSION_KEY
    from forum.services import moderated_discussions

    if request is not None and hasattr(request, "session"):
        # Every discussion (a moderator), or some (a columnist who may).
        mine = moderated_discussions(user)
        request.session[MODERATES_SESSION_KEY] = mine is None or mine.exists()
        remember_answers(request, user)


def remember_answers(request, user) -> None:
    """Whether the member answers readers' questions somewhere: the
    header's "Questions to answer" link (forum.context_processors)."""
    from forum.context_processors import ANSWERS_SESSION_KEY
    from forum.services.questions import answers_anywhere

    request.session[ANSWERS_SESSION_KEY] = answers_anywhere(user)


@receiver(email_confirmed)
def offer_guest_comments(sender, request, email_address, **kwargs) -> None:
    """A member who has just confirmed an address they once commented with
    as a guest is told they can add those comments to their account
    (forum.services.guest_records.attach_guest_comments); nothing moves unasked."""
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from forum.services.guest_records import attachable

    if request is None or not hasattr(request, "_messages"):
        return
    if not attachable(email_address.user):
        return
    messages.info(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("You wrote comments on Cairn as a guest with this address."),
            reverse("forum:guest_comments_attach"),
            _("Add them to your account"),
        ),
    )
