"""The leak test (issue 18): a member posts without their name in the demo
data, and nothing another member, a reader or a moderator who has not asked
"See who wrote it" can reach says who they are.

The demo is seeded (`seed_demo`, with its sensitive discussion under the
bladder explainer, articles/demo_anonymity.py). Then Marnie Oduya, a demo
member who only ever writes anonymously, posts more there through the
services as the views do: a comment that @mentions Priya Sandhu, a reply to
Priya (who is mailed at once), a reply to another anonymous comment, and she
is replied to, reported, noted and removed by a moderator, so that
notifications, emails, a digest, report and log entries all exist. Ben,
who gets the digest, ignores her by the name he knows from elsewhere: her
anonymous comments must still reach him, uncollapsed (either would name
her); only his own list of ignored members names her.

Pages are enumerated from the URL conf: every URL of ours must have a way
to reach it here (`reach`), or a reason it reveals nothing to check
(`NOT_PAGES`); a new URL fails `test_every_url_is_reached_or_excused`
until it is added. Each is fetched as a visitor, four other demo members
(the one mentioned and mailed, one on the daily digest, another anonymous
poster, the columnist) and the demo moderator, with pages of three comments
so that trails, "replying to" labels and page cursors run through the
anonymous comments, in both sorts, for every page of every discussion;
then every email that went to anyone but Marnie. Her display name, email
and member id (in any form that could be a link or an attribute) appear in
none. Her own "My comments" page and her own export ("Download my data")
do show her name and her anonymous comments, as they must: checked on their
own below. Each viewer's own export is fetched like a page (the file at
once), and the copies built for her and for Priya are asked for by every
viewer (only Priya gets hers).
"""

import json
import re
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from articles import demo_anonymity, demo_content
from articles.models import Article, Tag
from community.models import Category, Topic
from forum import services
from forum.bylines import member_url
from forum.models import (
    Comment,
    DataExport,
    Discussion,
    EmailFrequency,
    Member,
    ModerationAction,
    Reason,
    Treatment,
)
from forum.services import exports, following, ignoring
from forum.services.notification_digest import send_digests
from forum.services.notification_settings import unsubscribe_token
from forum.threads import SORTS, read_page
from tests.factories import set_up_two_factor
from tests.routes import our_urls

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Prefixes typed after an "@" while looking for her.
MENTION_PREFIXES = ("M", "Ma", "Mar", "Marnie", "O", "Od", "Oduya", "marnie")

# URL names that are no page to look at: writes that answer with a redirect
# (their outcome pages are fetched as pages), or the one place that shows
# the author on purpose.
NOT_PAGES = {
    "forum:moderation_comment_reveal": "the logged reveal: shows the author by design",
    "forum:discussion_follow": "a write; redirects to the discussion",
    "forum:discussion_unfollow": "a write; redirects to the discussion",
    "forum:notifications_read_all": "a write; redirects to the inbox",
    "forum:notification_read": "a write; redirects to the inbox",
    "forum:moderation_bulk": "a write; redirects to the queue",
    "forum:moderation_member_suspend": "a write; redirects to the record",
    "forum:moderation_member_unsuspend": "a write; redirects to the record",
    "forum:moderation_discussion_action": "a write; redirects to the discussion",
    "forum:disclaimer_accept": "a write; redirects back",
    "forum:member_ignore": "a write; redirects back",
    "forum:member_unignore": "a write; redirects back",
    "forum:guest_comment_confirm": "a guest's signed link: about a guest only",
    "forum:guest_unsubscribe": "a guest's signed link: about a guest only",
    "forum:guest_delete": "a guest's signed link: about a guest only",
    "account_email_verification_sent": "allauth's sign-up step: the visitor's own",
    "community:moderation_topic_pin": "a write; redirects to the topic",
    "community:moderation_topic_unpin": "a write; redirects to the topic",
    "community:moderation_topic_move": "a write; redirects to the topic",
}


@dataclass
class Scene:
    author: Member
    sensitive: Discussion
    people: dict[str, Member]
    anonymous: list[Comment]  # hers
    viewers: dict[str, Member | None] = field(default_factory=dict)
    # The comments whose own pages are fetched (`_comments`).
    targets: list[Comment] = field(default_factory=list)


def _get(discussion: Discussion, author, body_start: str) -> Comment:
    return Comment.objects.get(
        discussion=discussion, author=author, body__startswith=body_start
    )


@pytest.fixture
def scene(settings, mailoutbox, no_rate_limits) -> Scene:
    call_command("seed_demo", stdout=StringIO())
    # Small pages: trails, cursors and "replying to" run through her words.
    settings.CAIRN_COMMENTS_PER_PAGE = 3
    settings.CAIRN_COMMENT_MAX_INDENT = 1
    people = {m.display_name: m for m in Member.objects.all()}
    author = people[demo_anonymity.MARNIE]
    priya, callum = people[demo_anonymity.PRIYA], people[demo_anonymity.CALLUM]
    ben, moderator = (
        people["Ben Achterberg"],
        people[demo_content.MODERATOR.display_name],
    )
    # The demo moderator sets up two-factor sign-in on a first visit to the
    # queue (seed_demo); done here, so that the moderation pages open.
    set_up_two_factor(moderator)
    Member.objects.filter(pk=priya.pk).update(
        email_notifications=EmailFrequency.IMMEDIATELY
    )
    Member.objects.filter(pk=ben.pk).update(email_notifications=EmailFrequency.DAILY)
    priya.refresh_from_db()
    ben.refresh_from_db()
    article = Article.objects.get(slug=demo_anonymity.ARTICLE.slug)
    sensitive = services.open_discussion(host=article)
    assert sensitive.is_sensitive
    following.set_following(member=ben, discussion=sensitive, following=True)
    ignoring.ignore_member(member=ben, ignored=author)

    def say(body, parent=None):
        return services.post_comment(
            discussion=sensitive,
            author=author,
            body=body,
            parent=parent,
            anonymous=True,
        )

    mention = say("Has anyone tried the exercises @Priya Sandhu mentioned?")
    to_priya = say(
        "Six weeks is fine. I will ask on Monday.", _get(sensitive, priya, "It is")
    )
    to_callum = say("Nights here too.", _get(sensitive, callum, "Mine is the nights"))
    services.post_comment(
        discussion=sensitive, author=ben, body="Good luck on Monday.", parent=to_priya
    )
    services.report_comment(
        comment=to_callum, reporter=ben, reason=Reason.OTHER, note="Off topic?"
    )
    services.note_comment(comment=mention, moderator=moderator, note="Kept: on topic.")
    removed = say("A comment the moderator removes.")
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.SPAM)
    send_digests.enqueue()
    # Copies of their data built by the worker (at once, in tests).
    exports.request_export(member=author)
    exports.request_export(member=priya)
    assert not ModerationAction.objects.filter(kind=ModerationAction.Kind.REVEAL)
    assert any(priya.email in m.to for m in mailoutbox), "Priya is mailed at once"
    assert any(ben.email in m.to for m in mailoutbox), "Ben gets his digest"
    viewers = {
        "visitor": None,
        "mentioned": priya,
        "digest": ben,
        "other anonymous poster": callum,
        "columnist": people[demo_content.COLUMNIST.display_name],
        "moderator": moderator,
    }
    return Scene(
        author=author,
        sensitive=sensitive,
        people=people,
        anonymous=[mention, to_priya, to_callum, removed],
        viewers=viewers,
    )


# --- what is reached ------------------------------------------------------


def _comments() -> list[Comment]:
    """Every comment of the sensitive discussion and of the demo queue, and
    the first of each other discussion."""
    firsts = [
        d.comments.order_by("pk").first()
        for d in Discussion.objects.exclude(is_sensitive=True)
    ]
    sensitive = Comment.objects.filter(discussion__is_sensitive=True)
    queue = Comment.objects.awaiting_review()
    return list({c.pk: c for c in [*sensitive, *queue, *firsts] if c}.values())


def _thread_pages(discussion: Discussion, base: str, rows: str) -> list[tuple]:
    """Every page of `discussion` in both sorts (of a discussion she has not
    written in, the first and the last): the host page and the rows
    fragment htmx loads."""
    found = []
    for sort in SORTS:
        starts, start = [None], None
        while start := read_page(discussion, sort=sort, start=start).next_start:
            starts.append(start)
        if not discussion.is_sensitive:
            starts = list(dict.fromkeys([starts[0], starts[-1]]))
        for start in starts:
            query = f"?sort={sort}" + (f"&from={start}" if start else "")
            found.append(("GET", base + query, {}))
            found.append(("GET", rows + query, HTMX))
    return found


def _reach(name: str, viewer, scene: Scene) -> list[tuple]:
    """(method, path, headers) for `name` as `viewer`; [] when `name` is not
    for them."""
    comments = scene.targets
    discussions = list(Discussion.objects.all())
    moderates = viewer is not None and services.can_moderate(viewer)
    per_comment = {
        "forum:comment_permalink": "/c/{}/",
        "forum:comment_report": "/c/{}/report/",
        "forum:comment_reply": "/c/{}/reply/",
        "forum:comment_edit": "/c/{}/edit/",
        "forum:comment_delete": "/c/{}/delete/",
        "forum:guest_comment_reply": "/c/{}/guest-reply/",
    }
    if name in per_comment:
        found = [("GET", per_comment[name].format(c.pk), {}) for c in comments]
        if name == "forum:comment_reply":
            found += [("GET", per_comment[name].format(c.pk), HTMX) for c in comments]
        return found
    per_discussion = {
        "forum:comment_create": "/discussions/{}/comments/",
        "forum:discussion_feed": "/discussions/{}/feed/",
        "forum:discussion_questions": "/discussions/{}/questions/",
        "forum:guest_comment_create": "/discussions/{}/guest-comments/",
    }
    if name in per_discussion:
        return [("GET", per_discussion[name].format(d.pk), {}) for d in discussions]
    if name == "forum:discussion_rows":
        return []  # with each article's pages below
    if name == "forum:mention_suggestions":
        return [
            ("GET", f"/discussions/{d.pk}/mentions/?q={q}", {})
            for d in discussions
            for q in MENTION_PREFIXES
        ]
    if name == "articles:article_detail":
        found = []
        for article in Article.objects.all():
            discussion = services.open_discussion(host=article)
            found += _thread_pages(
                discussion,
                article.get_absolute_url(),
                f"/discussions/{discussion.pk}/rows/",
            )
        return found
    if name in ("articles:columnist_detail", "articles:columnist_feed"):
        suffix = "feed/" if name.endswith("feed") else ""
        authors = set(Article.objects.values_list("author_id", flat=True))
        return [("GET", f"/columnists/{pk}/{suffix}", {}) for pk in authors]
    if name == "articles:tag_detail":
        return [("GET", f"/tags/{t.slug}/", {}) for t in Tag.objects.all()]
    if name == "search:search":
        # Words of her anonymous comments: the results must show only her
        # pseudonym (and searching her name must find none of them).
        return [
            ("GET", f"/search/?q={q}", {})
            for q in ("Monday", "nights&in=discussions", "exercises", "")
        ]
    if name == "search:treatment_detail":
        return [("GET", f"/treatments/{t.slug}/", {}) for t in Treatment.objects.all()]
    if name == "community:topic_detail":
        # Every page of every topic (hers, in "Newly diagnosed", among them).
        found = []
        for topic in Topic.objects.exclude(discussion=None):
            found += _thread_pages(
                topic.discussion,
                topic.get_absolute_url(),
                f"/discussions/{topic.discussion_id}/rows/",
            )
        return found
    if name == "community:topic_redirect":
        return [("GET", f"/community/topics/{pk}/", {}) for pk in _topic_ids()]
    community = {
        "community:category_detail": "/community/{}/",
        "community:category_feed": "/community/{}/feed/",
        "community:topic_start_in_category": "/community/{}/start/",
    }
    if name in community:
        return [
            ("GET", community[name].format(slug), {})
            for slug in Category.objects.values_list("slug", flat=True)
        ]
    if name == "forum:unsubscribe":
        return (
            []
            if viewer is None
            else [("GET", f"/unsubscribe/{unsubscribe_token(viewer)}/", {})]
        )
    if name == "forum:moderation_comment":
        return [("GET", f"/moderation/c/{c.pk}/", {}) for c in comments]
    if name == "forum:moderation_member":
        # Her own record names her, as it must; checked on its own below.
        return [
            ("GET", f"/moderation/members/{m.pk}/", {})
            for m in scene.people.values()
            if m.pk != scene.author.pk
        ]
    if name == "forum:member_detail":
        # Her own page names her, as it must; checked on its own below.
        return [
            ("GET", member_url(m.display_name), {})
            for m in scene.people.values()
            if m.pk != scene.author.pk
        ]
    if (
        name == "forum:ignored_members"
        and viewer is not None
        and ignoring.is_ignoring(viewer, scene.author)
    ):
        return []  # he chose her by name: his own list says it
    if name == "forum:data_export":
        found = [("GET", "/account/export/", {})]
        if viewer is not None and not ignoring.is_ignoring(viewer, scene.author):
            # The viewer's own file (one who ignores her names her in it).
            found.append(("POST", "/account/export/", {}))
        return found
    if name == "forum:data_export_download":
        return [
            ("GET", f"/account/export/{export.pk}/", {})
            for export in DataExport.objects.all()
        ]
    if name == "forum:moderation_comment_action":
        if not moderates:
            return []
        # An action answered in place (htmx) re-renders the queue item.
        return [
            ("POST", f"/moderation/c/{c.pk}/note/", HTMX) for c in scene.anonymous[:3]
        ]
    if name == "forum:moderation_queue":
        return [
            ("GET", "/moderation/", {}),
            ("GET", "/moderation/?reason=held", {}),
            ("GET", f"/moderation/?discussion={scene.sensitive.pk}", {}),
            ("GET", f"/moderation/?reason={Reason.OTHER}", {}),
        ]
    pattern = dict(our_urls())[name]
    assert "<" not in pattern, f"tell the leak test how to reach {name}"
    return [("GET", "/" + pattern, {})]


def _topic_ids() -> list[int]:
    return list(Topic.objects.values_list("pk", flat=True))


def test_every_url_is_reached_or_excused():
    names = {name for name, _pattern in our_urls()}
    unknown = [
        name
        for name, pattern in our_urls()
        if "<" in pattern
        and name not in NOT_PAGES
        and name
        not in {
            "forum:comment_permalink",
            "forum:comment_report",
            "forum:comment_reply",
            "forum:comment_edit",
            "forum:comment_delete",
            "forum:guest_comment_reply",
            "forum:comment_create",
            "forum:discussion_feed",
            "forum:discussion_questions",
            "forum:guest_comment_create",
            "forum:discussion_rows",
            "forum:mention_suggestions",
            "articles:article_detail",
            "articles:columnist_detail",
            "articles:columnist_feed",
            "articles:tag_detail",
            "search:treatment_detail",
            "community:topic_detail",
            "community:topic_redirect",
            "community:category_detail",
            "community:category_feed",
            "community:topic_start_in_category",
            "forum:unsubscribe",
            "forum:moderation_comment",
            "forum:moderation_member",
            "forum:moderation_comment_action",
            "forum:member_detail",
            "forum:data_export_download",
        }
    ]
    assert not unknown, f"tell the leak test how to reach {unknown}"
    assert set(NOT_PAGES) <= names | {"account_email_verification_sent"}


# --- what must not be there ------------------------------------------------


def _leaks(text: str, author: Member) -> list[str]:
    """What of `author`'s identity `text` holds."""
    found = []
    lowered = text.casefold()
    for said in (author.display_name, author.email):
        if said.casefold() in lowered:
            found.append(said)
    pk = re.escape(str(author.pk))
    id_forms = (
        # A link to the member (a record, a profile), or an attribute or a
        # parameter that names a member, an author or a user by id.
        rf"/members?/{pk}(?!\d)",
        rf"(?i)(member|author|user|writer|poster|by)[\w-]*[\"']?\s*[=:]\s*[\"']?{pk}(?!\d)",
        rf"(?i)(member|author|user)[-_]{pk}(?!\d)",
    )
    found += [form for form in id_forms if re.search(form, text)]
    return found


def _body(response) -> str:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return (
        content.decode("utf-8", "replace")
        + "\n"
        + "\n".join(f"{key}: {value}" for key, value in response.headers.items())
    )


def test_nothing_another_member_or_reader_reaches_names_the_author(scene, mailoutbox):
    author = scene.author
    urls = [(n, p) for n, p in our_urls() if n not in NOT_PAGES]
    pages, leaks, errors = 0, [], []
    scene.targets = _comments()
    for label, viewer in scene.viewers.items():
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        for name, _pattern in urls:
            for method, path, headers in _reach(name, viewer, scene):
                send = client.post if method == "POST" else client.get
                data = {"note": "Kept."} if method == "POST" else None
                response = send(path, data, headers=headers, follow=True)
                for hop, _status in response.redirect_chain:
                    leaks += [
                        f"{label} {path} -> {hop}: {x}" for x in _leaks(hop, author)
                    ]
                text = _body(response)
                leaks += [f"{label} {method} {path}: {x}" for x in _leaks(text, author)]
                if response.status_code >= 500:
                    errors.append(f"{label} {method} {path}: {response.status_code}")
                if response.status_code == 200:
                    pages += 1
    mails = [m for m in mailoutbox if author.email not in m.to]
    assert mails, "notifications were mailed"
    for message in mails:
        parts = [message.subject, message.body, str(message.message())]
        parts += [content for content, _kind in getattr(message, "alternatives", [])]
        text = "\n".join(str(part) for part in parts)
        leaks += [f"email to {message.to}: {x}" for x in _leaks(text, author)]
    print(f"\nLeak test: {pages} pages and {len(mails)} emails, none names the author.")
    assert not leaks, "\n".join(leaks[:50])
    assert not errors, "\n".join(errors[:50])
    assert pages >= 500
    # The moderator still acted on her comments like any others'.
    assert Comment.objects.get(pk=scene.anonymous[-1].pk).status == "removed"


def test_another_anonymous_poster_is_not_named_in_the_sensitive_discussion(scene):
    """Callum writes under his own name elsewhere (the monitoring explainer):
    nothing of the sensitive discussion names him."""
    callum = scene.people[demo_anonymity.CALLUM]
    article = Article.objects.get(slug=demo_anonymity.ARTICLE.slug)
    paths = [
        path
        for _m, path, _h in _thread_pages(
            scene.sensitive,
            article.get_absolute_url(),
            f"/discussions/{scene.sensitive.pk}/rows/",
        )
    ]
    paths += [f"/discussions/{scene.sensitive.pk}/feed/"]
    paths += [f"/c/{c.pk}/reply/" for c in scene.sensitive.comments.all()]
    for viewer in (None, scene.people[demo_anonymity.PRIYA]):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        for path in paths:
            text = _body(client.get(path))
            assert callum.display_name not in text, path
    elsewhere = Article.objects.get(slug=demo_anonymity.MONITORING_SLUG)
    assert callum.display_name in Client().get(elsewhere.get_absolute_url()).text


def test_the_authors_own_pages_are_hers(scene):
    author = scene.author
    client = Client()
    client.force_login(author)
    mine = client.get("/account/comments/")
    assert author.display_name in mine.text
    assert "Posted without your name" in mine.text
    for comment in scene.anonymous:
        assert comment.body[:20] in mine.text
    document = json.loads(client.post("/account/export/").content)
    assert document["profile"]["display_name"] == author.display_name
    shown = {c["id"]: c["posted_as"] for c in document["comments"]}
    for comment in scene.anonymous:
        assert shown[comment.pk] == f"Anonymous member \u00b7 {comment.pseudonym}"


def test_her_record_for_moderators_lists_none_of_her_anonymous_comments(scene):
    client = Client()
    client.force_login(scene.viewers["moderator"])
    record = client.get(f"/moderation/members/{scene.author.pk}/").text
    # The detector sees her here (her name, and her id in the record's links).
    assert len(_leaks(record, scene.author)) >= 2
    for comment in Comment.objects.filter(author=scene.author):
        assert comment.body[:20] not in record
        assert f"/moderation/c/{comment.pk}/" not in record


def test_her_member_page_lists_none_of_her_anonymous_comments(scene):
    """Her public page is hers by name; what she wrote without it is not
    there, for a reader, another member or herself."""
    mine = Comment.objects.filter(author=scene.author)
    assert mine.exists() and not mine.filter(pseudonym="").exists()
    for viewer in (None, scene.people[demo_anonymity.PRIYA], scene.author):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(member_url(scene.author.display_name)).text
        assert "No comments to show yet." in page
        for comment in mine:
            assert comment.body[:20] not in page
            assert f"/c/{comment.pk}/" not in page


def test_search_finds_her_words_under_her_pseudonym_only(scene):
    """The walk's searches do reach her anonymous comments; her name finds
    none of them."""
    mention = scene.anonymous[0]
    for viewer in (None, scene.viewers["digest"], scene.viewers["moderator"]):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        page = client.get("/search/", {"q": "exercises"}).text
        assert f"/c/{mention.pk}/" in page and mention.pseudonym in page
        assert not _leaks(page, scene.author)
        named = client.get("/search/", {"q": scene.author.display_name}).text
        assert f"/c/{mention.pk}/" not in named


def test_her_topic_in_a_sensitive_category_names_her_nowhere(scene):
    """The demo's "Newly diagnosed" holds a topic she started without her
    name (community/demo.py): its lists, feed and page show her pseudonym."""
    topic = Topic.objects.select_related("opening", "category").get(
        opening__author=scene.author
    )
    assert topic.opening.pseudonym and topic.category.is_sensitive
    paths = [
        "/community/",
        topic.category.get_absolute_url(),
        f"/community/{topic.category.slug}/feed/",
        topic.get_absolute_url(),
    ]
    for viewer in (None, scene.viewers["mentioned"], scene.viewers["moderator"]):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        for path in paths:
            text = _body(client.get(path))
            # (The community page names each category's newest topic only.)
            assert topic.title in text or path == "/community/", path
            assert not _leaks(text, scene.author), path
        page = client.get(topic.category.get_absolute_url()).text
        assert topic.opening.pseudonym in page
