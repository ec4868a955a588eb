"""What moderators do to topics: pin and unpin them, and move them to
another category. Locking a topic is locking its discussion, the engine's
own action (forum.services.moderation.set_discussion), offered on the topic
page as under an article.

Who: whoever moderates every discussion (`forum.services.can_moderate`:
the Moderators group, superusers); a columnist who moderates their own
article's discussion does not moderate the community. Each action locks the
topic's row, checks that it still applies ("That is already so." when
another moderator did it first) and is written to Django's admin log
(`LogEntry`), so the topic's History in the admin says who did what, when.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.models import Category, Topic
from forum.models import Member
from forum.services import check_can_moderate, set_discussion


def _locked(topic: Topic) -> Topic:
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("discussion")
        .get(pk=topic.pk)
    )


def _log(topic: Topic, moderator: Member, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=moderator.pk,
        queryset=Topic.objects.filter(pk=topic.pk),
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def pin_topic(*, topic: Topic, moderator: Member, pinned: bool = True) -> Topic:
    """Pin a topic to the top of its category's page (`pinned=False`:
    unpin it)."""
    check_can_moderate(moderator)
    topic = _locked(topic)
    if topic.is_pinned == pinned:
        raise ValidationError(_("That is already so."), code="already_handled")
    topic.is_pinned = pinned
    topic.save(update_fields=["is_pinned"])
    _log(topic, moderator, "Pinned." if pinned else "Unpinned.")
    return topic


@transaction.atomic
def move_topic(*, topic: Topic, moderator: Member, category: Category) -> Topic:
    """Move a topic to another listed category. Into a sensitive category,
    its discussion becomes sensitive (members may post there without their
    name; logged as the engine logs it); out of one, it stays as it was."""
    check_can_moderate(moderator)
    topic = _locked(topic)
    if not category.is_listed:
        raise ValidationError(
            {"category": _("This category takes no new topics.")}, code="unlisted"
        )
    if topic.category_id == category.pk:
        raise ValidationError(_("That is already so."), code="already_handled")
    before = Category.objects.get(pk=topic.category_id)
    topic.category = category
    topic.save(update_fields=["category"])
    if category.is_sensitive and not topic.discussion.is_sensitive:
        set_discussion(
            discussion=topic.discussion, moderator=moderator, kind="sensitive"
        )
    _log(
        topic, moderator, f"Moved from \u201c{before}\u201d to \u201c{category}\u201d."
    )
    return topic
