"""Hostile values never reach a 500 (issue 15).

Every page of the site, as a visitor and as a member who accepted the
disclaimer, is fed hostile strings in every query parameter (GET) and in
every form field (POST). A page's own form is swept one field at a time with
the others valid, as the person it is for, so that each value travels as far
as a real submission would; every other POST carries the value in every
parameter at once. The moderation pages are swept as a moderator too, their
forms field by field, each submission on a target it applies to (a fresh
comment to remove, a discussion to lock or unlock); the rest of the site a
moderator sees as a member does, and is not swept a third time. Each answer
must be below 500.

Our own pages are discovered from the URLconf, so a new page is swept as soon
as it exists (a page whose URL takes arguments must say how to build them in
`PATH_KWARGS`: `test_every_url_with_arguments_is_swept` fails until it does).
allauth's pages and the admin's sign-in are listed. Values go on the wire as
a browser or a broken client would send them: percent-encoded UTF-8 (a lone
surrogate as the WTF-8 bytes a buggy encoder produces), and raw bytes that are
no UTF-8 at all.
"""

import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community.models import Topic
from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion, Notification, Treatment
from forum.services.notification_settings import unsubscribe_token
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    CategoryFactory,
    MemberFactory,
    ModeratorFactory,
    TagFactory,
    TopicFactory,
)
from tests.routes import our_urls


def _wire(value: str) -> str:
    """`value` percent-encoded as UTF-8; lone surrogates as their WTF-8 bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


# id -> the value as it travels (in a query string or a urlencoded body).
HOSTILE: dict[str, str] = {
    name: _wire(value)
    for name, value in {
        "nul": "\x00",
        "nul-in-path": "/page\x00after",
        "lone-surrogate": "\ud800",
        "bidi-controls": "\u202ereversed\u2066isolated\u2069",
        "combining-marks": "\u0301\u0336\u20dd" * 40,
        "zero-width": "\u200b\u200c\u200d\u2060\ufeff",
        "lone-cr": "one\rtwo",
        "header-injection": "/\r\nSet-Cookie: taken=1",
        "controls": "\x01\x07\x08\x0b\x0c\x1b\x7f\x85",
        "ten-thousand": "x" * 10_000,
        "long-number": "9" * 5_000,  # past Python's 4,300-digit int() limit
        "unicode-digits": "\u00b2\u0663",  # digits to str.isdigit(), not to int()
        "bigint-overflow": "99999999999999999999",
        "negative": "-1",
        "dot-dot": "../../../etc/passwd",
        "percent-00": "%00",
        "script": "<script>alert(1)</script>",
        "attribute": '"><img src=x onerror=alert(1)>',
        "view-name": "forum:profile_edit",
        "view-name-needing-args": "articles:article_detail",
        "bare-word": "home",
        "javascript-url": "javascript:alert(1)",
        "offsite": "//evil.example/",
        "long-email": "a" * 260 + "@example.org",
    }.items()
} | {
    # Already on the wire: bytes no browser sends unencoded.
    "raw-surrogate-bytes": "\xed\xa0\x80",
    "raw-invalid-utf8": "\xff\xfe\xc0",
    "broken-percent": "%zz%E2%82%",
}

# Every query parameter a page reads (ours, allauth's, Django's), all sent
# on each GET.
QUERY_PARAMS = (
    "from",
    "before",
    "sort",
    "page",
    "p",
    "next",
    "version",
    "key",
    "reason",
    "discussion",
    "q",
    "comments",  # the goodbye page after deleting one's account
    # The search page's filters (with "q", "from" and "page" above).
    "in",
    "tag",
    "treatment",
    "columnist",
    "to",
)

# URL name -> the arguments of one of our URLs, from the world.
PATH_KWARGS = {
    "forum:comment_permalink": lambda w: {"pk": w.comment.pk},
    "forum:comment_reply": lambda w: {"pk": w.comment.pk},
    "forum:comment_edit": lambda w: {"pk": w.own_comment.pk},
    "forum:comment_delete": lambda w: {"pk": w.own_comment.pk},
    "forum:comment_create": lambda w: {"pk": w.discussion.pk},
    "forum:discussion_rows": lambda w: {"pk": w.discussion.pk},
    "forum:discussion_feed": lambda w: {"pk": w.discussion.pk},
    "forum:discussion_questions": lambda w: {"pk": w.discussion.pk},
    "forum:mention_suggestions": lambda w: {"pk": w.discussion.pk},
    "forum:discussion_follow": lambda w: {"pk": w.discussion.pk},
    "forum:discussion_unfollow": lambda w: {"pk": w.discussion.pk},
    # The member ignores the columnist (and stops).
    "forum:member_ignore": lambda w: {"pk": w.article.author.pk},
    "forum:member_unignore": lambda w: {"pk": w.article.author.pk},
    "forum:notification_read": lambda w: {"pk": w.notification().pk},
    # A copy of the member's data the worker built.
    "forum:data_export_download": lambda w: {"pk": w.data_export().pk},
    # A link from an email; used once by the sweep, spent after.
    "forum:unsubscribe": lambda w: {"token": unsubscribe_token(w.member)},
    "forum:comment_report": lambda w: {"pk": w.comment.pk},
    "forum:moderation_comment": lambda w: {"pk": w.comment.pk},
    "forum:moderation_comment_action": lambda w: {"pk": w.comment.pk, "action": "note"},
    "forum:moderation_comment_reveal": lambda w: {"pk": w.comment.pk},
    "forum:moderation_member": lambda w: {"pk": w.member.pk},
    "forum:moderation_member_suspend": lambda w: {"pk": w.member.pk},
    "forum:moderation_member_unsuspend": lambda w: {"pk": w.member.pk},
    "forum:moderation_discussion_action": lambda w: {
        "pk": w.discussion.pk,
        "kind": "lock",
    },
    "forum:guest_comment_create": lambda w: {"pk": w.discussion.pk},
    "forum:guest_comment_reply": lambda w: {"pk": w.comment.pk},
    # Links from a guest's email, each for a fresh guest comment.
    "forum:guest_comment_confirm": lambda w: {"token": w.guest_token()},
    "forum:guest_unsubscribe": lambda w: {"token": w.guest_unsubscribe_token()},
    "forum:guest_delete": lambda w: {"token": w.guest_delete_token()},
    "forum:member_detail": lambda w: {"name": w.member.display_name},
    "articles:article_detail": lambda w: {"slug": w.article.slug},
    "articles:columnist_detail": lambda w: {"pk": w.article.author.pk},
    "articles:columnist_feed": lambda w: {"pk": w.article.author.pk},
    "articles:tag_detail": lambda w: {"slug": w.tag.slug},
    "search:treatment_detail": lambda w: {"slug": w.treatment().slug},
    "community:category_detail": lambda w: {"slug": _category().slug},
    "community:category_feed": lambda w: {"slug": _category().slug},
    "community:topic_start_in_category": lambda w: {"slug": _category().slug},
    "community:topic_redirect": lambda w: {"pk": _topic(w).pk},
    "community:topic_detail": lambda w: {"pk": _topic(w).pk, "slug": _topic(w).slug},
    "community:moderation_topic_pin": lambda w: {"pk": _topic(w).pk},
    "community:moderation_topic_unpin": lambda w: {"pk": _topic(w).pk},
    "community:moderation_topic_move": lambda w: {"pk": _topic(w).pk},
}

# allauth's pages and the admin's sign-in: not ours to discover, and
# several need a key in the path.
LISTED = {
    "account_login": "/accounts/login/",
    "account_logout": "/accounts/logout/",
    "account_inactive": "/accounts/inactive/",
    "account_signup": "/accounts/signup/",
    "account_reauthenticate": "/accounts/reauthenticate/",
    "account_email": "/accounts/email/",
    "account_email_verification_sent": "/accounts/confirm-email/",
    "account_change_password": "/accounts/password/change/",
    "account_set_password": "/accounts/password/set/",
    "account_reset_password": "/accounts/password/reset/",
    "account_reset_password_done": "/accounts/password/reset/done/",
    "account_reset_password_from_key_done": "/accounts/password/reset/key/done/",
    "account_confirm_login_code": "/accounts/login/code/confirm/",
    "account_confirm_email": "/accounts/confirm-email/not-a-key/",
    "account_reset_password_from_key": "/accounts/password/reset/key/1-not-a-key/",
    "admin_login": "/admin/login/",
}

# Pages whose answer depends on the HX-Request header: swept with and without.
HTMX_VARIANTS = {
    "forum:comment_permalink",
    "forum:comment_reply",
    "forum:guest_comment_reply",
    "forum:comment_edit",
    "forum:comment_delete",
    "forum:comment_create",
    "forum:discussion_rows",
    "forum:discussion_questions",
    "forum:question_list",
    "articles:article_detail",
}

# Pages that sign the member out on a POST: signed in again before each one.
SIGNS_OUT = {"account_logout"}

VISITOR, MEMBER, MODERATOR = "visitor", "member", "moderator"
# In a submission of _forms(): the URL's arguments for it, when they are not
# PATH_KWARGS' (a callable, so that each submission gets a fresh target).
AT = "@path"


@dataclass
class World:
    member: object
    moderator: object
    article: object
    tag: object
    discussion: object
    comment: object
    own_comment: object
    counter: itertools.count = field(default_factory=itertools.count)

    def unique(self) -> int:
        return next(self.counter)

    def person(self, role: str):
        return {MEMBER: self.member, MODERATOR: self.moderator}.get(role)

    def fresh_comment(self) -> Comment:
        """A new published comment, for a moderator to act on."""
        return services.post_comment(
            discussion=self.discussion,
            author=self.article.author,
            body=f"Words to moderate, number {self.unique()}.",
        )

    def notification(self) -> Notification:
        """An unread notification of the member's, about a visible comment."""
        notification, _created = Notification.objects.update_or_create(
            recipient=self.member,
            comment=self.comment,
            defaults={
                "discussion": self.discussion,
                "reason": Notification.Reason.FOLLOWED,
                "read_at": None,
            },
        )
        return notification

    def suspended_member(self):
        self.member.refresh_from_db()
        if not self.member.is_suspended():
            services.suspend_member(
                member=self.member, moderator=self.moderator, days=1, reason="Spam."
            )
            self.member.refresh_from_db()
        return self.member

    def guest(self):
        """A guest comment sent from a fresh address, not confirmed yet."""
        from forum.services import guests

        return guests.send_guest_comment(
            discussion=self.discussion,
            parent=None,
            name="Passing Visitor",
            email=f"visitor{self.unique()}@guest.example",
            body="Words a guest sent.",
            ip="192.0.2.1",
            accepted_disclaimer=True,
        )

    def guest_token(self) -> str:
        from forum.services import guests

        return guests.confirmation_token(self.guest())

    def guest_unsubscribe_token(self) -> str:
        from forum.services import guest_mail, guests

        guest = self.guest()
        guests.confirm(token=guests.confirmation_token(guest), follows_replies=True)
        return guest_mail.unsubscribe_token(guest)

    def guest_delete_token(self) -> str:
        """The deletion link of a fresh confirmed guest comment (deleted by
        the sweep's first POST, which every later one finds gone)."""
        from forum.services import guest_mail, guests

        guest = self.guest()
        guests.confirm(token=guests.confirmation_token(guest))
        return guest_mail.deletion_token(guest)

    def treatment(self) -> Treatment:
        """One listed treatment, to tick on the MS journey form."""
        return Treatment.objects.get_or_create(
            slug="sweep-treatment", defaults={"name": "Sweep treatment"}
        )[0]

    def data_export(self):
        """A built copy of the member's data (at once, in tests)."""
        from forum.services import exports

        return exports.request_export(member=self.member)

    def next_switch(self) -> str:
        """Lock the discussion when it is open, unlock it when it is locked."""
        locked = Discussion.objects.get(pk=self.discussion.pk).is_locked
        return "unlock" if locked else "lock"


GUEST_FORM = {
    "name": "Passing Visitor",
    "email": "visitor@guest.example",
    "body": "Words a guest sent.",
    "accepted": "on",
}


def _forms(w: World) -> dict[str, tuple[str, list[dict]]]:
    """URL name -> (who the form is for, valid submissions). The sweep puts
    a hostile value in one field at a time; a callable gives each
    submission a fresh value."""
    version = str(current_disclaimer().version)
    return {
        "forum:comment_create": (MEMBER, [{"body": "My own words on this."}]),
        "forum:comment_reply": (MEMBER, [{"body": "A reply in my own words."}]),
        "forum:comment_edit": (MEMBER, [{"body": "Edited in my own words."}]),
        "forum:guest_comment_create": (VISITOR, [GUEST_FORM]),
        "forum:guest_comment_reply": (VISITOR, [GUEST_FORM]),
        "forum:guest_comment_confirm": (
            VISITOR,
            [{AT: lambda: {"token": w.guest_token()}, "follows_replies": "on"}],
        ),
        "forum:disclaimer_accept": (MEMBER, [{"version": version, "next": "/"}]),
        "forum:member_ignore": (MEMBER, [{"next": "/account/comments/"}]),
        "forum:member_unignore": (MEMBER, [{"next": "/account/comments/"}]),
        "forum:comment_report": (
            MEMBER,
            [{"reason": "other", "note": "It names someone's diagnosis."}],
        ),
        # For readers too; as a member it goes as far as the account.
        "forum:comfort": (
            MEMBER,
            [{"text_size": "lg", "theme": "calm", "next": "/tags/"}],
        ),
        # Each field hostile in turn, the other valid: the account stays
        # (no choice, or a wrong password).
        "forum:account_delete": (MEMBER, [{"comments": "keep", "password": PASSWORD}]),
        "forum:notification_settings": (
            MEMBER,
            [
                {
                    "email_notifications": "daily",
                    "follow_on_comment": "on",
                    "notify_on_reply": "on",
                    "notify_on_mention": "on",
                }
            ],
        ),
        "forum:journey_edit": (
            MEMBER,
            [
                {
                    "diagnosed_year": "2019",
                    "diagnosed_visibility": "members",
                    "ms_type": "rrms",
                    "ms_type_visibility": "everyone",
                    "current_treatments": lambda: str(w.treatment().pk),
                    "current_other": "Physiotherapy",
                    "current_visibility": "me",
                    "past_other": "",
                    "past_visibility": "me",
                }
            ],
        ),
        "forum:profile_edit": (
            MEMBER,
            [
                {
                    "display_name": lambda: f"Sweeper {w.unique():05d}",
                    "bio": "A few words.",
                }
            ],
        ),
        "account_signup": (
            VISITOR,
            [
                {
                    "display_name": lambda: f"Newcomer {w.unique():05d}",
                    "email": lambda: f"newcomer{w.unique()}@example.org",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "next": "/",
                }
            ],
        ),
        "account_login": (
            VISITOR,
            [{"login": w.member.email, "password": PASSWORD, "next": "/"}],
        ),
        "account_logout": (MEMBER, [{"next": "/"}]),
        "account_reauthenticate": (MEMBER, [{"password": PASSWORD, "next": "/"}]),
        "account_reset_password": (VISITOR, [{"email": w.member.email}]),
        "account_email_verification_sent": (VISITOR, [{"email": w.member.email}]),
        "account_email": (
            MEMBER,
            [
                {"action_add": "", "email": lambda: f"moved{w.unique()}@example.org"},
                {"action_send": "", "email": w.member.email},
                {"action_remove": "", "email": w.member.email},
                {"action_primary": "", "email": w.member.email},
            ],
        ),
        "account_change_password": (
            MEMBER,
            [{"oldpassword": PASSWORD, "password1": PASSWORD, "password2": PASSWORD}],
        ),
        "account_confirm_login_code": (VISITOR, [{"code": "ABCDEF"}]),
        "account_reset_password_from_key": (
            VISITOR,
            [{"password1": PASSWORD, "password2": PASSWORD}],
        ),
        "admin_login": (VISITOR, [{"username": w.member.email, "password": PASSWORD}]),
        "forum:moderation_comment_action": (
            MODERATOR,
            [
                {
                    AT: lambda: {"pk": w.fresh_comment().pk, "action": "remove"},
                    "reason": "misinformation",
                    "note": "See the article's safety section.",
                },
                {
                    AT: lambda: {"pk": w.fresh_comment().pk, "action": "note"},
                    "note": "See the article's safety section.",
                },
            ],
        ),
        "forum:moderation_comment_reveal": (
            MODERATOR,
            [
                {
                    AT: lambda: {"pk": _anonymous_comment(w).pk},
                    "reason": "It reads like a threat.",
                }
            ],
        ),
        "forum:moderation_bulk": (
            MODERATOR,
            [
                {
                    "comments": lambda: str(w.fresh_comment().pk),
                    "action": "remove",
                    "reason": "spam",
                    "note": "Advertising.",
                    "next": "/moderation/",
                }
            ],
        ),
        # w.member, never the moderator: they cannot suspend themselves.
        "forum:moderation_member_suspend": (
            MODERATOR,
            [{"length": "7", "reason": "Links to a shop, again."}],
        ),
        "forum:moderation_member_unsuspend": (
            MODERATOR,
            [
                {
                    AT: lambda: {"pk": w.suspended_member().pk},
                    "note": "Appeal accepted.",
                }
            ],
        ),
        "forum:moderation_discussion_action": (
            MODERATOR,
            [
                {
                    AT: lambda: {"pk": w.discussion.pk, "kind": w.next_switch()},
                    "note": "Too heated tonight.",
                }
            ],
        ),
        "community:topic_start": (MEMBER, [_topic_form(w, category=True)]),
        "community:topic_start_in_category": (MEMBER, [_topic_form(w)]),
        # Back and forth between two rooms, so each move has somewhere to go.
        "community:moderation_topic_move": (
            MODERATOR,
            [{"category": lambda: _other_room(w)}],
        ),
    }


def _category():
    return CategoryFactory(slug="sweep-room", name="Sweep room")


def _topic(w: World):
    """The member's topic in the sweep's room (made on first use)."""
    topic = Topic.objects.filter(title="A topic for the sweep").first()
    return topic or TopicFactory(
        category=_category(), author=w.member, title="A topic for the sweep"
    )


def _other_room(w: World) -> str:
    """The room the sweep's topic is not in (the one a move goes to)."""
    CategoryFactory(slug="sweep-elsewhere", name="Sweep elsewhere")
    here = Topic.objects.get(pk=_topic(w).pk).category.slug
    return "sweep-room" if here == "sweep-elsewhere" else "sweep-elsewhere"


def _topic_form(w: World, *, category: bool = False) -> dict:
    """Starting a topic, every field valid (a fresh title each time)."""
    form = {
        "title": lambda: f"Sweep topic number {w.unique()}",
        "body": "My own words to start a topic with.",
        "treatment": lambda: str(w.treatment().pk),
        "tags": str(w.tag.pk),
    }
    return {"category": lambda: str(_category().pk), **form} if category else form


def _anonymous_comment(w: World) -> Comment:
    """A new comment by the member without their name (the discussion made
    sensitive first), for a moderator's "See who wrote it"."""
    if not Discussion.objects.get(pk=w.discussion.pk).is_sensitive:
        services.set_discussion(
            discussion=w.discussion, moderator=w.moderator, kind="sensitive"
        )
        w.discussion.refresh_from_db()
    return services.post_comment(
        discussion=w.discussion,
        author=w.member,
        body=f"Words without my name, number {w.unique()}.",
        anonymous=True,
    )


OUR_URLS = our_urls()
# A page of ours may take over an allauth route: swept once.
ENDPOINTS = list(dict.fromkeys([name for name, _ in OUR_URLS] + list(LISTED)))


def _url(name: str, w: World, kwargs: dict | None = None) -> str:
    if name in LISTED:
        return LISTED[name]
    if kwargs is None and name in PATH_KWARGS:
        kwargs = PATH_KWARGS[name](w)
    return reverse(name, kwargs=kwargs)


def test_every_url_with_arguments_is_swept():
    missing = [
        name for name, pattern in OUR_URLS if "<" in pattern and name not in PATH_KWARGS
    ]
    assert not missing, f"Tell the hostile-value sweep how to build {missing}"


@pytest.fixture
def world(db, accept, no_rate_limits, settings):
    # Guests on and unlimited: hostile values travel as far as they can.
    settings.CAIRN_GUEST_COMMENTS = True
    settings.CAIRN_GUEST_LIMITS_PER_IP = []
    settings.CAIRN_GUEST_LIMITS_PER_EMAIL = []
    settings.CAIRN_TOPIC_RATE_LIMITS = []
    member = accept(MemberFactory())
    moderator = accept(ModeratorFactory())
    tag = TagFactory()
    article = ArticleFactory(tags=[tag])
    accept(article.author)
    discussion = services.open_discussion(host=article)
    comment = services.post_comment(
        discussion=discussion, author=article.author, body="What helped this week?"
    )
    own = services.post_comment(
        discussion=discussion, author=member, parent=comment, body="Resting did."
    )
    return World(
        member=member,
        moderator=moderator,
        article=article,
        tag=tag,
        discussion=discussion,
        comment=comment,
        own_comment=own,
    )


def _encode(data: dict[str, str]) -> str:
    return "&".join(f"{quote(key)}={value}" for key, value in data.items())


def _fill(value) -> str:
    return _wire(value() if callable(value) else value)


def _requests(name: str, role: str, w: World):
    """(label, method, query string, body, headers, URL arguments or None)
    of every request the sweep sends to the page `name` as `role`."""
    headers = [{}, {"HX-Request": "true"}] if name in HTMX_VARIANTS else [{}]
    for hx, (value_id, wire) in itertools.product(headers, HOSTILE.items()):
        query = _encode(dict.fromkeys(QUERY_PARAMS, wire))
        label = f"GET{' htmx' if hx else ''} ?*={value_id}"
        yield label, "GET", query, None, hx, None
    owner, forms = _forms(w).get(name, (None, []))
    if owner != role:
        # Not this role's form: every parameter hostile at once.
        for value_id, wire in HOSTILE.items():
            body = _encode(dict.fromkeys(QUERY_PARAMS, wire))
            yield f"POST *={value_id}", "POST", "", body, {}, None
        return
    for form in forms:
        fields = {key: value for key, value in form.items() if key != AT}
        for key, (value_id, wire) in itertools.product(fields, HOSTILE.items()):
            kwargs = form[AT]() if AT in form else None
            data = {k: _fill(value) for k, value in fields.items()} | {key: wire}
            at = f" at {kwargs}" if kwargs else ""
            label = f"POST{at} {key}={value_id} ({', '.join(fields)})"
            yield label, "POST", "", _encode(data), {}, kwargs


def _send(client: Client, url: str, method: str, query: str, body, headers):
    if method == "GET":
        return client.get(url, headers=headers, QUERY_STRING=query)
    return client.post(
        url,
        # latin-1 turns the raw entries into the very bytes they stand for.
        data=body.encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


SEGMENTS = {
    "bigint-overflow": "99999999999999999999",
    "long-number": "9" * 5_000,
    "ten-thousand": "a" * 10_000,
    "nul": "%00",
    "dot-dot": "..%2F..%2F",
    "lone-surrogate": "%ED%A0%80",
    "bidi-override": "%E2%80%AE",
}


@pytest.mark.parametrize("role", [VISITOR, MEMBER, MODERATOR])
def test_hostile_path_segments_never_answer_a_server_error(world, role):
    client = Client()
    if role != VISITOR:
        client.force_login(world.person(role))
    failures = []
    for (name, pattern), (value_id, segment) in itertools.product(
        [(name, pattern) for name, pattern in OUR_URLS if "<" in pattern],
        SEGMENTS.items(),
    ):
        path = "/" + re.sub(r"<[^>]+>", segment, pattern)
        for method in (client.get, client.post):
            try:
                status = method(path).status_code
            except Exception as error:  # reported with its request
                failures.append(f"{name} {value_id}: {type(error).__name__}: {error}")
                continue
            if status >= 500:
                failures.append(f"{name} {value_id}: {status}")
    assert not failures, "\n".join(failures)


# A moderator sees the rest of the site as a member does: swept once, as one.
MODERATION = [
    name
    for name in ENDPOINTS
    if name.startswith(("forum:moderation_", "community:moderation_topic_move"))
]
SWEEPS = [
    pytest.param(name, role, id=f"{name}-{role}")
    for role, names in (
        (VISITOR, ENDPOINTS),
        (MEMBER, ENDPOINTS),
        (MODERATOR, MODERATION),
    )
    for name in names
]


@pytest.mark.parametrize(("name", "role"), SWEEPS)
def test_hostile_values_never_answer_a_server_error(world, name, role):
    client = Client()
    url = _url(name, world)
    failures = []
    if role != VISITOR:
        client.force_login(world.person(role))
    for label, method, query, body, headers, kwargs in _requests(name, role, world):
        # Limits (allauth's, per address) would stop later values before the
        # form; they have tests of their own.
        cache.clear()
        if role != VISITOR and name in SIGNS_OUT:
            client.force_login(world.person(role))
        at = url if kwargs is None else _url(name, world, kwargs)
        try:
            response = _send(client, at, method, query, body, headers)
        except Exception as error:  # reported with its request
            failures.append(f"{label}: {type(error).__name__}: {error!s:.200}")
            continue
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
    assert not failures, f"{name} as {role} at {url}:\n" + "\n".join(failures)
