"""Who is told of a comment (forum.services.notifications), run through the
real task code: the test settings' immediate task backend runs each queued
task at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article
from forum import services
from forum.models import Comment, Notification, Reason, Subscription
from forum.services import following, notifications
from tests.factories import MemberFactory
from tests.hosts import both_hosts

pytestmark = pytest.mark.usefixtures("no_rate_limits")


def told(member) -> dict[int, str]:
    """{comment id: reason} of what `member` can see in their inbox."""
    return dict(
        Notification.objects.for_member(member).values_list("comment_id", "reason")
    )


def post(discussion, author, body="A reply about cooling vests.", parent=None):
    return services.post_comment(
        discussion=discussion, author=author, body=body, parent=parent
    )


@both_hosts
def test_a_follower_is_told_of_a_new_comment_and_the_writer_is_not(
    discussion, reader, writer
):
    following.set_following(member=reader, discussion=discussion, following=True)
    comment = post(discussion, writer)
    assert told(reader) == {comment.pk: Notification.Reason.FOLLOWED}
    assert told(writer) == {}


@both_hosts
def test_commenting_follows_the_discussion_unless_turned_off(
    discussion, reader, writer
):
    post(discussion, reader, "First thoughts on the new trial.")
    reader.refresh_from_db()
    writer.follow_on_comment = False
    writer.save()
    post(discussion, writer, "Mine, without following.")
    assert Subscription.objects.following().filter(member=reader).exists()
    assert not Subscription.objects.following().filter(member=writer).exists()


@both_hosts
def test_unfollowing_sticks_when_the_member_comments_again(discussion, reader, writer):
    post(discussion, reader, "Hello.")
    following.set_following(member=reader, discussion=discussion, following=False)
    post(discussion, reader, "Hello again.")
    comment = post(discussion, writer)
    assert Subscription.objects.get(member=reader).following is False
    assert comment.pk not in told(reader)


@both_hosts
def test_a_reply_notifies_its_parent_author_once_as_a_reply(discussion, reader, writer):
    parent = post(discussion, reader, "Has anyone tried a cooling vest?")
    # The reader also follows (by commenting): still one notification.
    reply = post(discussion, writer, f"Yes, @{reader.display_name}, daily.", parent)
    assert told(reader) == {reply.pk: Notification.Reason.REPLY}
    assert Notification.objects.filter(recipient=reader).count() == 1


def test_replies_are_a_preference(discussion, reader, writer):
    reader.notify_on_reply = False
    reader.follow_on_comment = False
    reader.save()
    parent = post(discussion, reader, "Has anyone tried a cooling vest?")
    post(discussion, writer, "Yes.", parent)
    assert told(reader) == {}


@both_hosts
def test_a_mention_notifies_a_participant_the_writer_can_see(
    discussion, reader, writer, accept
):
    post(discussion, reader, "I keep a symptom diary.")
    stranger = accept(MemberFactory(display_name="Sam Stranger"))
    following.set_following(member=reader, discussion=discussion, following=False)
    comment = post(
        discussion, writer, f"@{reader.display_name} and @Sam Stranger, how?"
    )
    assert told(reader) == {comment.pk: Notification.Reason.MENTION}
    # Sam has never written here: their name is not one the writer can see.
    assert told(stranger) == {}


def test_mentions_are_a_preference(discussion, reader, writer):
    post(discussion, reader, "I keep a symptom diary.")
    following.set_following(member=reader, discussion=discussion, following=False)
    reader.notify_on_mention = False
    reader.save()
    post(discussion, writer, f"@{reader.display_name} how?")
    assert told(reader) == {}


def test_an_edit_that_adds_a_mention_tells_only_the_new_name(
    discussion, reader, writer
):
    post(discussion, reader, "I keep a symptom diary.")
    following.set_following(member=reader, discussion=discussion, following=False)
    comment = post(discussion, writer, "A diary helps.")
    assert told(reader) == {}
    services.edit_comment(
        comment=comment, editor=writer, body=f"A diary helps, @{reader.display_name}."
    )
    services.edit_comment(
        comment=comment, editor=writer, body=f"A diary helps @{reader.display_name}!"
    )
    assert told(reader) == {comment.pk: Notification.Reason.MENTION}
    assert Notification.objects.filter(recipient=reader).count() == 1


@both_hosts
def test_a_held_comment_notifies_nobody_until_approved(
    discussion, reader, newcomer, moderator
):
    following.set_following(member=reader, discussion=discussion, following=True)
    comment = post(discussion, newcomer, "My first post here.")
    assert comment.status == Comment.Status.PENDING
    assert told(reader) == {}
    services.approve_comment(comment=comment, moderator=moderator)
    assert told(reader) == {comment.pk: Notification.Reason.FOLLOWED}


@both_hosts
def test_a_removed_comment_leaves_every_inbox_and_comes_back_if_restored(
    discussion, reader, writer, moderator
):
    following.set_following(member=reader, discussion=discussion, following=True)
    comment = post(discussion, writer)
    assert notifications.unread_count(reader) == 1
    services.remove_comment(comment=comment, moderator=moderator, reason=Reason.SPAM)
    assert told(reader) == {}
    assert notifications.unread_count(reader) == 0
    services.restore_comment(
        comment=Comment.objects.get(pk=comment.pk), moderator=moderator
    )
    assert told(reader) == {comment.pk: Notification.Reason.FOLLOWED}


def test_suspended_members_are_told_nothing(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    reader.suspended_until = timezone.now() + timedelta(days=3)
    reader.save()
    post(discussion, writer)
    assert Notification.objects.filter(recipient=reader).count() == 0


def test_members_who_cannot_see_the_discussion_are_told_nothing(
    discussion, article, reader, columnist, accept
):
    following.set_following(member=reader, discussion=discussion, following=True)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    accept(columnist)
    discussion.refresh_from_db()
    post(discussion, columnist, "A note before this goes live.")
    assert Notification.objects.filter(recipient=reader).count() == 0


def test_the_columnist_follows_their_articles_discussion_until_they_unfollow(
    discussion, columnist, writer
):
    first = post(discussion, writer, "Thank you for this column.")
    assert told(columnist) == {first.pk: Notification.Reason.FOLLOWED}
    following.set_following(member=columnist, discussion=discussion, following=False)
    second = post(discussion, writer, "One more thing.")
    assert second.pk not in told(columnist)


def test_followers_are_told_in_batches_of_the_worker(
    discussion, writer, columnist, settings
):
    settings.CAIRN_NOTIFY_BATCH = 2
    followers = MemberFactory.create_batch(5)
    for member in followers:
        following.set_following(member=member, discussion=discussion, following=True)
    comment = post(discussion, writer)
    assert sorted(
        Notification.objects.filter(comment=comment).values_list(
            "recipient_id", flat=True
        )
    ) == sorted(m.pk for m in [columnist, *followers])


@both_hosts
def test_delivering_twice_tells_nobody_twice(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    comment = post(discussion, writer)
    notifications.deliver_comment.call(comment_id=comment.pk)
    assert Notification.objects.filter(recipient=reader).count() == 1


@both_hosts
def test_the_inbox_groups_a_followed_discussions_comments(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    mine = post(discussion, reader, "Heat makes my legs heavy.")
    comments = [post(discussion, writer, f"Comment number {n}.") for n in range(3)]
    reply = post(discussion, writer, "Same for me.", mine)
    items = list(Notification.objects.for_member(reader).inbox_items())
    assert [(i["reason"], i["count"], i["first"]) for i in items] == [
        ("reply", 1, reply.pk),
        ("followed", 3, comments[0].pk),
    ]


def test_marking_a_group_read_reads_all_of_it(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    for n in range(3):
        post(discussion, writer, f"Comment number {n}.")
    item = Notification.objects.for_member(reader).inbox_items().get()
    key = Notification.objects.get(pk=item["key"])
    assert notifications.mark_read(member=reader, item=key) == 3
    assert notifications.unread_count(reader) == 0


def test_nobody_marks_anothers_notification_read(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    post(discussion, writer)
    item = Notification.objects.get(recipient=reader)
    with pytest.raises(PermissionDenied):
        notifications.mark_read(member=writer, item=item)
    assert notifications.mark_all_read(member=writer) == 0
    assert notifications.unread_count(reader) == 1


def test_email_is_due_only_for_a_verified_address_and_a_wish_for_email(
    discussion, writer, columnist, accept
):
    following.set_following(member=columnist, discussion=discussion, following=False)
    daily = accept(MemberFactory())
    off = accept(MemberFactory(email_notifications="off"))
    unverified = accept(MemberFactory(verified=False))
    for member in (daily, off, unverified):
        following.set_following(member=member, discussion=discussion, following=True)
    comment = post(discussion, writer)
    due = dict(
        Notification.objects.filter(comment=comment).values_list(
            "recipient_id", "email_due"
        )
    )
    assert due == {daily.pk: True, off.pk: False, unverified.pk: False}
