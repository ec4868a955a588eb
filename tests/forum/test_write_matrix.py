"""Every role against every write, with and without a CSRF token.

Roles across, write URLs down; who succeeds (TABLE, checked against the
matrix by test_table_in_docstring_is_the_matrix):

                         anon unver membr trust new susp auth other col colmod mod staff
  post                    .     .     .     Y    h   .    Y     Y    Y    Y     Y    Y
  reply                   .     .     .     Y    h   .    Y     Y    Y    Y     Y    Y
  edit                    .     .     .     .    .   .    Y     .    .    .     .    .
  delete                  .     .     .     .    .   .    Y     .    .    .     .    .
  accept_disclaimer       .     .     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  profile                 .     .     Y     Y    Y   .    Y     Y    Y    Y     Y    Y
  journey                 .     .     Y     Y    Y   .    Y     Y    Y    Y     Y    Y
  report                  .     .     Y     Y    Y   .    e     Y    Y    Y     Y    Y
  approve                 .     .     .     .    .   .    .     .    .    a     Y    .
  remove                  .     .     .     .    .   .    .     .    .    a     Y    .
  spam                    .     .     .     .    .   .    .     .    .    a     Y    .
  restore                 .     .     .     .    .   .    .     .    .    a     Y    .
  note                    .     .     .     .    .   .    .     .    .    a     Y    .
  bulk_approve            .     .     .     .    .   .    .     .    .    a     Y    .
  bulk_remove             .     .     .     .    .   .    .     .    .    a     Y    .
  suspend                 .     .     .     .    .   .    .     .    .    .     Y    .
  unsuspend               .     .     .     .    .   .    .     .    .    .     Y    .
  follow                  .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  unfollow                .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  notification_read       .     .     .     .    .   .    o     .    .    .     .    .
  notifications_read_all  .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  notification_settings   .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  ignore                  .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  unignore                .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  comfort                 r     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  unsubscribe             t     t     t     t    t   t    t     t    t    t     t    t
  lock                    .     .     .     .    .   .    .     .    .    a     Y    .
  unlock                  .     .     .     .    .   .    .     .    .    a     Y    .
  hold_all                .     .     .     .    .   .    .     .    .    a     Y    .
  release_all             .     .     .     .    .   .    .     .    .    a     Y    .
  sensitive               .     .     .     .    .   .    .     .    .    a     Y    .
  not_sensitive           .     .     .     .    .   .    .     .    .    a     Y    .
  post_anonymously        .     .     .     Y    h   .    Y     Y    Y    Y     Y    Y
  reveal                  .     .     .     .    .   .    .     .    .    .     Y    .
  guests_off              .     .     .     .    .   .    .     .    .    a     Y    .
  guests_on               .     .     .     .    .   .    .     .    .    a     Y    .
  guest_comment           g     .     .     .    .   .    .     .    .    .     .    .
  guest_reply             g     .     .     .    .   .    .     .    .    .     .    .
  guest_confirm           c     c     c     c    c   c    c     c    c    c     c    c
  guest_unsubscribe       t     t     t     t    t   t    t     t    t    t     t    t
  guest_delete            c     c     c     c    c   c    c     c    c    c     c    c
  guest_attach            .     .     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  account_delete          .     Y     Y     Y    Y   Y    Y     Y    .    .     Y    .
  data_export             .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  sessions_sign_out       .     Y     Y     Y    Y   Y    Y     Y    Y    Y     Y    Y
  topic_start             .     .     .     Y    h   .    Y     Y    Y    Y     Y    Y
  topic_pin               .     .     .     .    .   .    .     .    .    .     Y    .
  topic_unpin             .     .     .     .    .   .    .     .    .    .     Y    .
  topic_move              .     .     .     .    .   .    .     .    .    .     Y    .

  Y  succeeds: 302, and the database changes as the write says
  h  succeeds, and the comment (a topic's opening post) is held for review
     (302; it is saved pending)
  a  succeeds in the discussion of the columnist's own article only
  e  succeeds on another member's comment only (not on one's own)
  o  succeeds on one's own notification only (here: the author is told of
     a reply to their comment)
  t  succeeds for whoever holds the signed link, signed in or not, with
     or without a CSRF token: 200, and the link's member gets no more email
  c  like t, for a link followed in a browser (a guest's confirmation, or
     the link that deletes their comment): a CSRF token is needed, as for
     any form
  g  succeeds for a reader who is not signed in (a guest comment; 302 to
     "check your email", an unconfirmed Guest row stored); a signed-in
     member gets 403: they comment as themselves
  r  succeeds for a reader who is not signed in too: 302, and their
     choice is in a cookie their browser keeps (the database is left as
     it was: a reader has no account to save it on)
  .  refused: anonymous gets a 302 to the sign-in page, everyone else 403,
     and nothing changes

`columnist` is the article's own columnist with CAIRN_COLUMNISTS_MODERATE
off, `columnist_moderating` the same person with it on. Accepting the
disclaimer twice changes nothing (only `member` had not accepted it).

Each case is sent with a CSRF token and without one (always 403, nothing
changes). The report and moderation writes are also sent with the id of
another article's comment, member or discussion (`elsewhere`: a columnist
moderates their own article only) and with an id that does not exist
(`missing`: 404 for everyone signed in, except where the permission is
checked first: suspending answers 403 to non-moderators, and a bulk action
redirects moderators with nothing done). Every case first puts its target
in a state the write applies to (a held comment to approve, a removed one
to restore, a locked discussion to unlock...), through the services.
A refused write leaves the database exactly as it was.

Following is reading, not writing in the discussion: any signed-in member
who can see it may follow, unfollow and read their own notifications, the
unverified and the suspended included (forum.services.following). So is
choosing which notifications and emails one gets (notification_settings),
and ignoring a member or no longer (about what one reads: any member
signed in, any active member but oneself, here the place's `subject`).

Choosing how one reads (comfort: text size and theme) is open to
everyone, readers without an account too (forum.services.comfort): a
member's choice is saved on their account, a reader's in a cookie, and the
cookie is what a reader's case checks. Without a CSRF token it is refused
like any other write, and no cookie is set.

Unsubscribing is the one write authorised by a token instead of a
session: RFC 8058's one-click POST comes from a mail provider's servers,
with no cookie and no CSRF token, so the view is exempt from CSRF and the
signed link (forum.services.notification_settings) is the authorisation.
Its case posts the author's own link, as their email carries it, as every
role and without a CSRF token too; its `missing` variant posts a link that
is not valid (400, nothing changes). A guest's reply-email unsubscribe
(forum.services.guest_mail) is the same kind of link; a guest's
confirmation link, and the link that deletes their comment, are signed
too, but opened in a browser, so their forms carry a CSRF token. Attaching guest comments on sign-up takes a
verified address of the member's own (every verified role here wrote one
from theirs).

Deleting one's account (account_delete) has no target but the member
signed in, who types their password: anyone signed in may leave, the
unverified and the suspended included, except the article's columnist
(their article still needs its author: forum.services.leaving.StillNeeded)
and staff (closed by another administrator). The member row gone is the
change the snapshot sees.

Community topics (community.services): starting one is posting (its
opening post is the discussion's first comment), in a category
(`matrix-room`); pinning, unpinning and moving one to another category are
for those who moderate everywhere, never a columnist who moderates only
their own article. Their `elsewhere` is another topic, alike.

Data rights are every signed-in member's, the unverified and the suspended
included: "Download my data" (data_export; its case is a large account,
CAIRN_EXPORT_INLINE_LIMIT below zero, so a DataExport is queued, built and
mailed rather than the file answered at once) and "Sign out of all other
sessions" (allauth's /accounts/sessions/, which ends every other session
of the member's own: each role has a second one, and only the one it posts
from is left).
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db.models import Model
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from community.models import Topic
from forum import services
from forum.disclaimers import current_disclaimer
from forum.forms import BulkForm
from forum.models import (
    Acceptance,
    Comment,
    DataExport,
    Discussion,
    EmailFrequency,
    Flag,
    Guest,
    Ignore,
    Journey,
    Member,
    ModerationAction,
    NameReservation,
    Notification,
    Reason,
    Subscription,
)
from forum.services import comfort, comments, following, guest_mail, guests, ignoring
from forum.services.notification_settings import unsubscribe_token
from forum.views import moderation
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    CategoryFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
    TopicFactory,
)

TOKEN = "a" * 32  # an unmasked CSRF secret, as a browser's cookie holds it
MISSING_PK = 999_999_999
Status = Comment.Status

ROLES = [
    "anonymous",
    "unverified",
    "member",  # verified, has not accepted the disclaimer
    "trusted_member",
    "new_member",  # their comments are held for review
    "suspended",
    "author",  # of the comment written to
    "other_member",
    "columnist",  # the article's own, CAIRN_COLUMNISTS_MODERATE off
    "columnist_moderating",  # the same, with it on
    "moderator",
    "staff",  # is_staff, without the moderation permission
]
# Who has accepted the disclaimer in force (set up directly: even the
# unverified member, so only the verification can be what stops them).
ACCEPTED = set(ROLES) - {"anonymous", "member"}
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
VERIFIED = SIGNED_IN - {"unverified"}
POSTERS = VERIFIED - {"member", "suspended"}
REPORTERS = VERIFIED - {"suspended"}  # never of their own comment
MODERATE_HERE = frozenset({"moderator", "columnist_moderating"})
MODERATE_EVERYWHERE = frozenset({"moderator"})
SUSPENDS = frozenset({"moderator"})

# Variants of each case.
CSRF, NO_CSRF, ELSEWHERE, MISSING = "csrf", "no-csrf", "elsewhere", "missing"
# Outcomes.
DONE, LOGIN, REFUSED, NOT_FOUND, NOTHING_DONE, INVALID = (
    "done",
    "login",
    "refused",
    "not-found",
    "nothing-done",
    "invalid",
)


@dataclass
class Place:
    """One article's discussion and who wrote in it."""

    discussion: Discussion
    comment: Comment  # published, by `writer`
    writer: Member
    subject: Member  # another member who wrote there: the one suspended


@dataclass
class World:
    people: dict[str, Member]
    keeper: Member  # the moderator who sets each case up
    own: Place  # the discussion the roles are named after
    elsewhere: Place  # another columnist's article


@dataclass(frozen=True)
class Write:
    path: str  # "{pk}": the prepared target's id
    data: Callable[[int | None], dict]
    prepare: Callable[[World, Place], Model | None]  # the target, made ready
    done: Callable[[Model | None, Member], bool]  # the change it made
    allowed: frozenset  # on its own target
    # The report and moderation writes only: who succeeds on another
    # article's target, and who gets past the permission check to the
    # lookup of a missing id (and then what happens).
    allowed_elsewhere: frozenset | None = None
    reaches_lookup: frozenset = SIGNED_IN
    on_missing: str = NOT_FOUND
    # A write authorised by a signed link, not a session (unsubscribe):
    # the URL's argument made from the target, and the success status.
    key: Callable[[Model | None], str] | None = None
    status: int = HTTPStatus.FOUND
    # A signed link that is followed in a browser (a guest's confirmation):
    # unlike one-click unsubscribing, it needs a CSRF token.
    key_needs_csrf: bool = False
    # Guest writes: for readers who are not signed in only.
    guests_only: bool = False
    # Open to readers who are not signed in too (comfort): (cookie, value)
    # a reader's success sets, the database left as it was.
    reader_cookie: tuple[str, str] | None = None
    # Settings the case runs with: ((name, value), ...).
    settings_overrides: tuple = ()


# --- preconditions, through the services -------------------------------------


def _held(w: World, place: Place) -> Comment:
    comment = services.post_comment(
        discussion=place.discussion,
        author=w.people["new_member"],
        body="My first question: does heat make it worse?",
    )
    assert comment.status == Status.PENDING
    return comment


def _removed(w: World, place: Place) -> Comment:
    return services.remove_comment(
        comment=place.comment, moderator=w.keeper, reason=Reason.ABUSE
    )


def _suspended(w: World, place: Place) -> Member:
    return services.suspend_member(
        member=place.subject, moderator=w.keeper, days=7, reason="Spam links."
    )


def _discussion_made(kind: str | None):
    def prepare(w: World, place: Place) -> Discussion:
        if kind is None:
            return place.discussion
        return services.set_discussion(
            discussion=place.discussion, moderator=w.keeper, kind=kind
        )

    return prepare


# --- effects -----------------------------------------------------------------


def _posted(body: str, *, anonymous: bool = False):
    def done(target, actor) -> bool:
        written = Comment.objects.get(author=actor, body=body)
        held = actor.trust == Member.Trust.NEW
        return (
            written.status == (Status.PENDING if held else Status.PUBLISHED)
            and bool(written.pseudonym) == anonymous
        )

    return done


def _anonymous_comment(w: World, place: Place) -> Comment:
    """A comment posted without its author's name, in the place's discussion
    made sensitive."""
    discussion = _discussion_made("sensitive")(w, place)
    return services.post_comment(
        discussion=discussion,
        author=place.subject,
        body="Words without my name",
        anonymous=True,
    )


def _status_is(status: str):
    return lambda target, actor: Comment.objects.get(pk=target.pk).status == status


def _discussion_is(field: str, value: bool):
    return lambda target, actor: (
        getattr(Discussion.objects.get(pk=target.pk), field) == value
    )


def _suspension_is(value: bool):
    def done(target, actor) -> bool:
        return Member.objects.get(pk=target.pk).is_suspended() == value

    return done


def _following_is(value: bool):
    def done(target, actor) -> bool:
        return (
            Subscription.objects.get(member=actor, discussion=target).following is value
        )

    return done


def _everyone_following(value: bool):
    """The discussion, which every signed-in role follows (True) or has
    unfollowed (False), so that the write under test changes something."""

    def prepare(w: World, place: Place) -> Discussion:
        for person in w.people.values():
            following.set_following(
                member=person, discussion=place.discussion, following=value
            )
        return place.discussion

    return prepare


def _follow_write(action: str, value: bool) -> Write:
    """Follow (True) or unfollow (False): from the other state, by anyone
    signed in, in any discussion they can see."""
    return Write(
        path=f"/discussions/{{pk}}/{action}/",
        data=lambda pk: {},
        prepare=_everyone_following(not value),
        done=_following_is(value),
        allowed=SIGNED_IN,
        allowed_elsewhere=SIGNED_IN,
    )


def _reply_to_writer(w: World, place: Place) -> Notification:
    """A reply to the place's comment: its writer is told."""
    reply = services.post_comment(
        discussion=place.discussion,
        author=place.subject,
        body="A reply to tell the writer about",
        parent=place.comment,
    )
    return Notification.objects.get(comment=reply, recipient=place.writer)


def _everyone_told(w: World, place: Place) -> None:
    """An unread notification for every role (set-up, written directly)."""
    for person in {p.pk: p for p in w.people.values()}.values():
        Notification.objects.update_or_create(
            recipient=person,
            comment=place.comment,
            defaults={
                "discussion": place.discussion,
                "reason": Notification.Reason.FOLLOWED,
                "read_at": None,
            },
        )


def _everyone_ignoring(w: World, place: Place) -> Member:
    """The place's subject, whom every signed-in role ignores."""
    for person in w.people.values():
        ignoring.ignore_member(member=person, ignored=place.subject)
    return place.subject


def _everyone_signed_in_elsewhere(w: World, place: Place) -> None:
    """A second session for every role, on another device (set-up)."""
    for person in {p.pk: p for p in w.people.values()}.values():
        Client().force_login(person)


def _comment_action(action: str, prepare, done, data=None) -> Write:
    return Write(
        path=f"/moderation/c/{{pk}}/{action}/",
        data=data or (lambda pk: {}),
        prepare=prepare,
        done=done,
        allowed=MODERATE_HERE,
        allowed_elsewhere=MODERATE_EVERYWHERE,
    )


def _bulk(action: str, prepare, done) -> Write:
    return Write(
        path="/moderation/bulk/",
        data=lambda pk: {
            "comments": [pk],
            "action": action,
            "reason": Reason.SPAM if action == "remove" else "",
            "note": "",
        },
        prepare=prepare,
        done=done,
        allowed=MODERATE_HERE,
        allowed_elsewhere=MODERATE_EVERYWHERE,
        # Anyone moderating some discussion gets to the lookup, and an id
        # that matches nothing is nothing to do.
        reaches_lookup=MODERATE_HERE,
        on_missing=NOTHING_DONE,
    )


def _member_action(action: str, prepare, done, data) -> Write:
    return Write(
        path=f"/moderation/members/{{pk}}/{action}/",
        data=data,
        prepare=prepare,
        done=done,
        allowed=SUSPENDS,
        allowed_elsewhere=SUSPENDS,
        reaches_lookup=SUSPENDS,
    )


def _discussion_action(kind: str, before: str | None, field: str, value: bool):
    return Write(
        path=f"/moderation/discussions/{{pk}}/{kind}/",
        data=lambda pk: {"note": ""},
        prepare=_discussion_made(before),
        done=_discussion_is(field, value),
        allowed=MODERATE_HERE,
        allowed_elsewhere=MODERATE_EVERYWHERE,
    )


def _topic_started(target, actor) -> bool:
    """A topic started by `actor`, its opening post held for a new member."""
    topic = Topic.objects.select_related("opening").get(title="A topic of my own")
    held = actor.trust == Member.Trust.NEW
    return topic.opening.author_id == actor.pk and topic.opening.status == (
        Status.PENDING if held else Status.PUBLISHED
    )


def _topic_is(field: str, value: bool):
    return lambda target, actor: (
        getattr(Topic.objects.get(pk=target.pk), field) is value
    )


def _topic_action(action: str, *, pinned: bool, done, data=None) -> Write:
    """A moderator's topic action (community.services.moderation): by those
    who moderate everywhere only, on a topic the place's writer started."""
    return Write(
        path=f"/community/moderation/topics/{{pk}}/{action}/",
        data=data or (lambda pk: {}),
        prepare=lambda w, place: TopicFactory(author=place.writer, is_pinned=pinned),
        done=done,
        allowed=MODERATE_EVERYWHERE,
        allowed_elsewhere=MODERATE_EVERYWHERE,
    )


GUEST_FORM = {
    "name": "Passing Visitor",
    "email": "visitor@guest.example",
    "body": "Guest words",
    "accepted": "on",
}


def _guest_sent(target, actor) -> bool:
    return Guest.objects.filter(body="Guest words", confirmed_at=None).exists()


def _guest_waiting(w: World, place: Place) -> Guest:
    """A guest comment sent and waiting for its link to be opened."""
    return guests.send_guest_comment(
        discussion=place.discussion,
        parent=None,
        name="Passing Visitor",
        email="visitor@guest.example",
        body="Waiting for my link",
        ip="192.0.2.1",
        accepted_disclaimer=True,
    )


def _guest_following(w: World, place: Place) -> Guest:
    """A confirmed guest comment whose guest asked for replies by email."""
    guest = _guest_waiting(w, place)
    guests.confirm(token=guests.confirmation_token(guest), follows_replies=True)
    return guest


def _everyone_wrote_as_guest(w: World, place: Place) -> None:
    """A confirmed guest comment from every role's address, before they had
    an account (set-up: the rows are written directly)."""
    for number, person in enumerate({p.pk: p for p in w.people.values()}.values()):
        guest = Guest.objects.create(
            name="Passing Visitor",
            email=person.email,
            ip_hash=guests.ip_hash(f"192.0.2.{number}"),
            discussion=place.discussion,
            confirmed_at=timezone.now(),
        )
        comment = Comment(
            discussion=place.discussion,
            guest=guest,
            body="Words from before I signed up",
            body_html="<p>Words from before I signed up</p>",
        )
        comments.hold(comment, Comment.HoldReason.GUEST, now=timezone.now())
        comments.insert_comment(
            comment, discussion=place.discussion, parent=None, now=timezone.now()
        )


WRITES: dict[str, Write] = {
    "post": Write(
        path="/discussions/{pk}/comments/",
        data=lambda pk: {"body": "New words"},
        prepare=lambda w, place: place.discussion,
        done=_posted("New words"),
        allowed=POSTERS,
    ),
    "reply": Write(
        path="/c/{pk}/reply/",
        data=lambda pk: {"body": "Reply words"},
        prepare=lambda w, place: place.comment,
        done=_posted("Reply words"),
        allowed=POSTERS,
    ),
    "edit": Write(
        path="/c/{pk}/edit/",
        data=lambda pk: {"body": "Changed words"},
        prepare=lambda w, place: place.comment,
        done=lambda target, actor: (
            Comment.objects.get(pk=target.pk).body == "Changed words"
        ),
        allowed=frozenset({"author"}),
    ),
    "delete": Write(
        path="/c/{pk}/delete/",
        data=lambda pk: {},
        prepare=lambda w, place: place.comment,
        # Without replies the row goes; with them, a "[deleted]" placeholder.
        done=lambda target, actor: (
            not Comment.objects.filter(pk=target.pk)
            .exclude(status=Status.DELETED)
            .exists()
        ),
        allowed=frozenset({"author"}),
    ),
    "accept_disclaimer": Write(
        path="/disclaimer/accept/",
        data=lambda pk: {"version": current_disclaimer().version, "next": "/"},
        prepare=lambda w, place: None,
        done=lambda target, actor: Acceptance.objects.filter(
            member=actor, disclaimer=current_disclaimer()
        ).exists(),
        allowed=VERIFIED,
    ),
    "profile": Write(
        path="/account/profile/",
        data=lambda pk: {"display_name": "Quite New Name", "bio": "A new bio"},
        prepare=lambda w, place: None,
        done=lambda target, actor: (
            Member.objects.get(pk=actor.pk).display_name == "Quite New Name"
        ),
        allowed=VERIFIED - {"suspended"},
    ),
    # Health details: the member's own, under the same rule as the profile.
    "journey": Write(
        path="/account/journey/",
        data=lambda pk: {
            "diagnosed_year": "2019",
            "diagnosed_visibility": "members",
            "ms_type": "rrms",
            "ms_type_visibility": "everyone",
            "current_other": "Physiotherapy",
            "current_visibility": "me",
            "past_other": "",
            "past_visibility": "me",
        },
        prepare=lambda w, place: None,
        done=lambda target, actor: Journey.objects.filter(
            member=actor, diagnosed_year=2019, ms_type="rrms"
        ).exists(),
        allowed=VERIFIED - {"suspended"},
    ),
    "report": Write(
        path="/c/{pk}/report/",
        data=lambda pk: {"reason": Reason.MISINFORMATION, "note": "Stop the pills?"},
        prepare=lambda w, place: place.comment,
        done=lambda target, actor: Flag.objects.filter(
            comment=target, reporter=actor
        ).exists(),
        allowed=REPORTERS - {"author"},
        allowed_elsewhere=REPORTERS,
    ),
    "approve": _comment_action("approve", _held, _status_is(Status.PUBLISHED)),
    "remove": _comment_action(
        "remove",
        lambda w, place: place.comment,
        _status_is(Status.REMOVED),
        data=lambda pk: {"reason": Reason.MISINFORMATION, "note": "See the FAQ."},
    ),
    "spam": _comment_action(
        "spam",
        lambda w, place: place.comment,
        _status_is(Status.SPAM),
        data=lambda pk: {"note": ""},
    ),
    "restore": _comment_action("restore", _removed, _status_is(Status.PUBLISHED)),
    "note": _comment_action(
        "note",
        lambda w, place: place.comment,
        lambda target, actor: (
            Comment.objects.get(pk=target.pk).moderator_note == "See the FAQ."
        ),
        data=lambda pk: {"note": "See the FAQ."},
    ),
    "bulk_approve": _bulk("approve", _held, _status_is(Status.PUBLISHED)),
    "bulk_remove": _bulk(
        "remove", lambda w, place: place.comment, _status_is(Status.REMOVED)
    ),
    "suspend": _member_action(
        "suspend",
        lambda w, place: place.subject,
        _suspension_is(True),
        data=lambda pk: {"length": "7", "reason": "Repeated spam links."},
    ),
    "unsuspend": _member_action(
        "unsuspend",
        _suspended,
        _suspension_is(False),
        data=lambda pk: {"note": "Appeal accepted."},
    ),
    "follow": _follow_write("follow", True),
    "unfollow": _follow_write("unfollow", False),
    "notification_read": Write(
        path="/notifications/{pk}/read/",
        data=lambda pk: {},
        prepare=_reply_to_writer,
        done=lambda target, actor: (
            Notification.objects.get(pk=target.pk).read_at is not None
        ),
        # The writer of the comment replied to: the author, here only.
        allowed=frozenset({"author"}),
        allowed_elsewhere=frozenset(),
    ),
    "notifications_read_all": Write(
        path="/notifications/read/",
        data=lambda pk: {},
        prepare=_everyone_told,
        done=lambda target, actor: (
            not Notification.objects.filter(recipient=actor, read_at=None).exists()
        ),
        allowed=SIGNED_IN,
    ),
    "notification_settings": Write(
        path="/account/notifications/",
        data=lambda pk: {"email_notifications": "immediately", "notify_on_reply": "on"},
        prepare=lambda w, place: None,
        done=lambda target, actor: Member.objects.filter(
            pk=actor.pk,
            email_notifications=EmailFrequency.IMMEDIATELY,
            notify_on_mention=False,
        ).exists(),
        allowed=SIGNED_IN,
    ),
    "ignore": Write(
        path="/members/{pk}/ignore/",
        data=lambda pk: {"next": "/"},
        prepare=lambda w, place: place.subject,
        done=lambda target, actor: Ignore.objects.filter(
            member=actor, ignored=target
        ).exists(),
        allowed=SIGNED_IN,
        allowed_elsewhere=SIGNED_IN,
    ),
    "unignore": Write(
        path="/members/{pk}/unignore/",
        data=lambda pk: {"next": "/"},
        prepare=_everyone_ignoring,
        done=lambda target, actor: (
            not Ignore.objects.filter(member=actor, ignored=target).exists()
        ),
        allowed=SIGNED_IN,
        allowed_elsewhere=SIGNED_IN,
    ),
    "comfort": Write(
        path="/comfort/",
        data=lambda pk: {"text_size": "xl", "theme": "contrast"},
        prepare=lambda w, place: None,
        done=lambda target, actor: Member.objects.filter(
            pk=actor.pk, text_size="xl", theme="contrast"
        ).exists(),
        allowed=SIGNED_IN,
        reader_cookie=(comfort.COOKIE_NAME, "xl.contrast"),
    ),
    "unsubscribe": Write(
        path="/unsubscribe/{pk}/",
        data=lambda pk: {"List-Unsubscribe": "One-Click"},
        prepare=lambda w, place: place.writer,
        done=lambda target, actor: (
            Member.objects.get(pk=target.pk).email_notifications == EmailFrequency.OFF
        ),
        allowed=frozenset(ROLES),
        key=unsubscribe_token,
        status=HTTPStatus.OK,
    ),
    "lock": _discussion_action("lock", None, "is_locked", True),
    "unlock": _discussion_action("unlock", "lock", "is_locked", False),
    "hold_all": _discussion_action("hold_all", None, "holds_comments", True),
    "release_all": _discussion_action(
        "release_all", "hold_all", "holds_comments", False
    ),
    "sensitive": _discussion_action("sensitive", None, "is_sensitive", True),
    "not_sensitive": _discussion_action(
        "not_sensitive", "sensitive", "is_sensitive", False
    ),
    # Posting without one's name: as "post", in a sensitive discussion.
    "post_anonymously": Write(
        path="/discussions/{pk}/comments/",
        data=lambda pk: {"body": "Words without my name", "anonymous": "on"},
        prepare=_discussion_made("sensitive"),
        done=_posted("Words without my name", anonymous=True),
        allowed=POSTERS,
    ),
    # "See who wrote it": Cairn's moderators only (never a columnist, even
    # one moderating their own article); it changes the log (a REVEAL) and
    # answers with the case page (200).
    "reveal": Write(
        path="/moderation/c/{pk}/reveal/",
        data=lambda pk: {"reason": "A threat in the comment."},
        prepare=_anonymous_comment,
        done=lambda target, actor: ModerationAction.objects.filter(
            kind=ModerationAction.Kind.REVEAL, comment=target, actor=actor
        ).exists(),
        allowed=MODERATE_EVERYWHERE,
        allowed_elsewhere=MODERATE_EVERYWHERE,
        status=HTTPStatus.OK,
    ),
    "guests_off": _discussion_action("guests_off", None, "guests_allowed", False),
    "guests_on": _discussion_action("guests_on", "guests_off", "guests_allowed", True),
    "guest_comment": Write(
        path="/discussions/{pk}/guest-comments/",
        data=lambda pk: GUEST_FORM,
        prepare=lambda w, place: place.discussion,
        done=_guest_sent,
        allowed=frozenset({"anonymous"}),
        guests_only=True,
    ),
    "guest_reply": Write(
        path="/c/{pk}/guest-reply/",
        data=lambda pk: GUEST_FORM,
        prepare=lambda w, place: place.comment,
        done=_guest_sent,
        allowed=frozenset({"anonymous"}),
        guests_only=True,
    ),
    "guest_confirm": Write(
        path="/guests/confirm/{pk}/",
        data=lambda pk: {"follows_replies": "on"},
        prepare=_guest_waiting,
        done=lambda target, actor: Comment.objects.filter(guest=target).exists(),
        allowed=frozenset(ROLES),
        key=guests.confirmation_token,
        status=HTTPStatus.OK,
        key_needs_csrf=True,
    ),
    "guest_unsubscribe": Write(
        path="/guests/unsubscribe/{pk}/",
        data=lambda pk: {"List-Unsubscribe": "One-Click"},
        prepare=_guest_following,
        done=lambda target, actor: not Guest.objects.get(pk=target.pk).follows_replies,
        allowed=frozenset(ROLES),
        key=guest_mail.unsubscribe_token,
        status=HTTPStatus.OK,
    ),
    "guest_delete": Write(
        path="/guests/delete/{pk}/",
        data=lambda pk: {},
        prepare=_guest_following,
        done=lambda target, actor: not Comment.objects.filter(guest=target).exists(),
        allowed=frozenset(ROLES),
        key=guest_mail.deletion_token,
        status=HTTPStatus.OK,
        key_needs_csrf=True,
    ),
    "guest_attach": Write(
        path="/account/guest-comments/",
        data=lambda pk: {},
        prepare=_everyone_wrote_as_guest,
        done=lambda target, actor: Comment.objects.filter(
            author=actor, body="Words from before I signed up"
        ).exists(),
        allowed=VERIFIED,
    ),
    "account_delete": Write(
        path="/account/delete/",
        data=lambda pk: {"comments": "keep", "password": PASSWORD},
        prepare=lambda w, place: None,
        done=lambda target, actor: not Member.objects.filter(pk=actor.pk).exists(),
        allowed=SIGNED_IN - {"columnist", "columnist_moderating", "staff"},
    ),
    "data_export": Write(
        path="/account/export/",
        data=lambda pk: {},
        prepare=lambda w, place: None,
        done=lambda target, actor: DataExport.objects.filter(
            member=actor, finished_at__isnull=False
        ).exists(),
        allowed=SIGNED_IN,
        settings_overrides=(("CAIRN_EXPORT_INLINE_LIMIT", -1),),
    ),
    "sessions_sign_out": Write(
        path="/accounts/sessions/",
        data=lambda pk: {},
        prepare=_everyone_signed_in_elsewhere,
        done=lambda target, actor: UserSession.objects.filter(user=actor).count() == 1,
        allowed=SIGNED_IN,
    ),
    "topic_start": Write(
        path="/community/start/",
        data=lambda pk: {
            "category": pk,
            "title": "A topic of my own",
            "body": "Topic words",
        },
        prepare=lambda w, place: CategoryFactory(slug="matrix-room"),
        done=_topic_started,
        allowed=POSTERS,
    ),
    "topic_pin": _topic_action("pin", pinned=False, done=_topic_is("is_pinned", True)),
    "topic_unpin": _topic_action(
        "unpin", pinned=True, done=_topic_is("is_pinned", False)
    ),
    "topic_move": _topic_action(
        "move",
        pinned=False,
        done=lambda target, actor: (
            Topic.objects.get(pk=target.pk).category.slug == "matrix-elsewhere"
        ),
        data=lambda pk: {"category": CategoryFactory(slug="matrix-elsewhere").slug},
    ),
}


def expected(write: str, role: str, variant: str) -> str:
    spec = WRITES[write]
    if spec.key is not None:
        if variant == MISSING:
            return INVALID
        return REFUSED if variant == NO_CSRF and spec.key_needs_csrf else DONE
    if variant == NO_CSRF:
        return REFUSED
    if spec.guests_only:
        return DONE if role == "anonymous" else REFUSED
    if role == "anonymous":
        return DONE if spec.reader_cookie else LOGIN
    if variant == MISSING:
        return spec.on_missing if role in spec.reaches_lookup else REFUSED
    allowed = spec.allowed_elsewhere if variant == ELSEWHERE else spec.allowed
    return DONE if role in allowed else REFUSED


def _variants(write: str) -> list[str]:
    if WRITES[write].key is not None:
        return [CSRF, NO_CSRF, MISSING]
    if WRITES[write].allowed_elsewhere is None:
        return [CSRF, NO_CSRF]
    return [CSRF, NO_CSRF, ELSEWHERE, MISSING]


CASES = [
    pytest.param(write, role, variant, id=f"{write}-{role}-{variant}")
    for write in WRITES
    for role in ROLES
    for variant in _variants(write)
]


# --- the table ----------------------------------------------------------------

HEADINGS = {
    "anonymous": "anon",
    "unverified": "unver",
    "member": "membr",
    "trusted_member": "trust",
    "new_member": "new",
    "suspended": "susp",
    "author": "auth",
    "other_member": "other",
    "columnist": "col",
    "columnist_moderating": "colmod",
    "moderator": "mod",
    "staff": "staff",
}


def _cell(write: str, role: str) -> str:
    here = expected(write, role, CSRF) == DONE
    spec = WRITES[write]
    there = here if spec.allowed_elsewhere is None else role in spec.allowed_elsewhere
    if spec.key is not None:
        return ("c" if spec.key_needs_csrf else "t") if here else "."
    if spec.guests_only:
        return "g" if here else "."
    if spec.reader_cookie and role == "anonymous":
        return "r" if here else "."
    held = {"post", "reply", "post_anonymously", "topic_start"}
    if here and write in held and role == "new_member":
        return "h"
    if here and there:
        return "Y"
    if here and write == "notification_read":
        return "o"
    if here:
        return "a"
    return "e" if there else "."


def table() -> str:
    first = max(len(write) for write in WRITES)
    lines = [" " * first + " " + " ".join(HEADINGS[r] for r in ROLES)]
    for write in WRITES:
        cells = " ".join(_cell(write, r).center(len(HEADINGS[r])) for r in ROLES)
        lines.append(f"{write:<{first}} {cells}".rstrip())
    return "\n".join("  " + line for line in lines)


# --- the world ------------------------------------------------------------------


def _place(article, writer: Member, subject: Member) -> Place:
    discussion = services.open_discussion(host=article)
    comment = services.post_comment(
        discussion=discussion, author=writer, body="Original words"
    )
    services.post_comment(
        discussion=discussion, author=subject, body="Some words of my own"
    )
    return Place(discussion=discussion, comment=comment, writer=writer, subject=subject)


@pytest.fixture
def world(article, accept, no_rate_limits) -> World:
    keeper = accept(ModeratorFactory(display_name="Setup Keeper"))
    author = MemberFactory(display_name="Comment Author")
    people = {
        "unverified": MemberFactory(verified=False),
        "member": MemberFactory(),
        "trusted_member": MemberFactory(),
        "new_member": NewMemberFactory(),
        "suspended": MemberFactory(),
        "author": author,
        "other_member": MemberFactory(),
        "columnist": article.author,
        "columnist_moderating": article.author,
        "moderator": ModeratorFactory(),
        "staff": MemberFactory(is_staff=True),
    }
    for role in ACCEPTED - {"anonymous"}:
        accept(people[role])
    services.suspend_member(
        member=people["suspended"], moderator=keeper, days=7, reason="Rude replies."
    )
    people["suspended"].refresh_from_db()
    strangers = accept(MemberFactory(), MemberFactory())
    subject = accept(MemberFactory(display_name="Subject Member"))
    return World(
        people=people,
        keeper=keeper,
        own=_place(article, author, subject),
        elsewhere=_place(ArticleFactory(), *strangers),
    )


def client_as(role, people, *, with_token: bool) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(people[role])
    client.cookies["csrftoken"] = TOKEN
    return client, ({"csrfmiddlewaretoken": TOKEN} if with_token else {})


def snapshot() -> dict[str, list]:
    """Everything a write could change, in a comparable form."""
    return {
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk",
                "body",
                "status",
                "listed",
                "moderator_note",
                "open_flags",
                "needs_review_since",
                "hold_reason",
                "author_id",
                "guest_id",
                "pseudonym",
                "is_question",
                "answer_id",
                "answered_at",
            )
        ),
        "acceptances": list(
            Acceptance.objects.order_by("pk").values_list("member_id", "disclaimer_id")
        ),
        "members": list(
            Member.objects.order_by("pk").values_list(
                "pk",
                "display_name",
                "bio",
                "suspended_until",
                "suspension_reason",
                "trust",
                "unseen_notices",
                "email_notifications",
                "follow_on_comment",
                "notify_on_reply",
                "notify_on_mention",
                "unsubscribe_generation",
                "text_size",
                "theme",
            )
        ),
        "names": list(
            NameReservation.objects.order_by("pk").values_list("member_id", "name_key")
        ),
        "email_addresses": list(
            EmailAddress.objects.order_by("pk").values_list("user_id", "email")
        ),
        "flags": list(
            Flag.objects.order_by("pk").values_list(
                "pk", "comment_id", "reporter_id", "reason", "resolved_at", "outcome"
            )
        ),
        "log": list(
            ModerationAction.objects.order_by("pk").values_list(
                "pk", "kind", "comment_id", "member_id", "discussion_id"
            )
        ),
        "discussions": list(
            Discussion.objects.order_by("pk").values_list(
                "pk",
                "is_locked",
                "holds_comments",
                "is_sensitive",
                "guests_allowed",
                "comment_count",
            )
        ),
        "subscriptions": list(
            Subscription.objects.order_by("pk").values_list(
                "member_id", "discussion_id", "following"
            )
        ),
        "notifications": list(
            Notification.objects.order_by("pk").values_list(
                "pk", "recipient_id", "comment_id", "read_at", "email_due", "emailed_at"
            )
        ),
        "ignores": list(
            Ignore.objects.order_by("pk").values_list("member_id", "ignored_id")
        ),
        "exports": list(
            DataExport.objects.order_by("pk").values_list(
                "pk", "member_id", "finished_at"
            )
        ),
        "sessions": list(
            UserSession.objects.order_by("pk").values_list("user_id", "session_key")
        ),
        "guests": list(
            Guest.objects.order_by("pk").values_list(
                "pk", "body", "confirmed_at", "follows_replies", "attached_to_id"
            )
        ),
        "journeys": list(
            Journey.objects.order_by("pk").values_list(
                "member_id",
                "diagnosed_year",
                "diagnosed_visibility",
                "ms_type",
                "ms_type_visibility",
                "current_other",
                "current_visibility",
                "past_other",
                "past_visibility",
            )
        ),
        "topics": list(
            Topic.objects.order_by("pk").values_list(
                "pk", "title", "category_id", "is_pinned", "opening_id"
            )
        ),
        "journey_treatments": [
            list(through.objects.order_by("pk").values_list())
            for through in (
                Journey.current_treatments.through,
                Journey.past_treatments.through,
            )
        ],
    }


@pytest.mark.parametrize(("write", "role", "variant"), CASES)
def test_write_succeeds_only_for_the_right_person_with_a_token(
    world, settings, write, role, variant
):
    if role == "columnist_moderating":
        settings.CAIRN_COLUMNISTS_MODERATE = True
    settings.CAIRN_GUEST_COMMENTS = True
    spec = WRITES[write]
    for name, value in spec.settings_overrides:
        setattr(settings, name, value)
    target = spec.prepare(world, world.elsewhere if variant == ELSEWHERE else world.own)
    pk = MISSING_PK if variant == MISSING else getattr(target, "pk", None)
    if spec.key is not None and variant != MISSING:
        pk = spec.key(target)
    client, token = client_as(role, world.people, with_token=variant != NO_CSRF)
    before = snapshot()

    response = client.post(spec.path.format(pk=pk), {**spec.data(pk), **token})

    outcome = expected(write, role, variant)
    if outcome == DONE and role == "anonymous" and spec.reader_cookie:
        name, value = spec.reader_cookie
        assert response.status_code == spec.status
        assert response.cookies[name].value == value
        assert snapshot() == before
        return
    if outcome == DONE:
        assert response.status_code == spec.status
        assert spec.done(target, world.people.get(role))  # (anonymous: None)
        if not (write == "accept_disclaimer" and role in ACCEPTED):
            assert snapshot() != before  # (accepting twice: no change)
        return
    assert snapshot() == before
    if spec.reader_cookie:
        assert spec.reader_cookie[0] not in response.cookies
    if outcome == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")
    elif outcome == NOTHING_DONE:
        assert response.status_code == HTTPStatus.FOUND
    elif outcome == NOT_FOUND:
        assert response.status_code == HTTPStatus.NOT_FOUND
    elif outcome == INVALID:
        assert response.status_code == HTTPStatus.BAD_REQUEST
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN


READS = {
    "ignored_members",
    "comment_permalink",
    "discussion_feed",
    "mention_suggestions",
    "notifications",
    "discussion_rows",
    "disclaimer_detail",
    "moderation_queue",
    "moderation_comment",
    "moderation_member",
    "moderation_log",
    "my_comments",
    "discussion_questions",
    "question_list",
    "guest_comment_sent",
    "account_deleted",
    "data_export_download",
    "member_detail",
}


def test_matrix_covers_every_write_url():
    """A new write URL in forum.urls, a new moderation action, discussion
    switch or bulk action must be added to WRITES."""
    from forum import urls

    writes = {p.name for p in urls.urlpatterns} - READS
    found = [resolve(spec.path.format(pk=1)) for spec in WRITES.values()]
    # (Writes at allauth's addresses, such as /accounts/sessions/, are in
    # WRITES too, outside forum.urls.)
    covered = {match.url_name for match in found if match.namespace == "forum"}
    assert writes == covered, writes ^ covered
    assert set(moderation._COMMENT_ACTIONS) <= set(WRITES)
    assert set(services.DISCUSSION_KINDS) <= set(WRITES)
    bulk = {f"bulk_{value}" for value, _ in BulkForm.base_fields["action"].choices}
    assert bulk <= set(WRITES)


def test_table_in_docstring_is_the_matrix():
    assert table() in __doc__, "\n" + table()
