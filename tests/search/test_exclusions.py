"""What must never be found: comments in any state but published, comments
under drafts, scheduled articles and held topics, those pages themselves,
and an anonymous author's identity. Each is posted with a word of its own
and searched for by a reader, a member, its author and a moderator, on
both backends; only the published, public ones are found, and no page of
results holds another's words."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.models import Article
from forum import services
from forum.models import Comment, Reason
from forum.services import ignoring
from search.services import query as parsing
from search.services.results import search
from tests.factories import ArticleFactory, MemberFactory, NewMemberFactory
from tests.search.conftest import article, say, topic

pytestmark = pytest.mark.django_db

BACKENDS = ["simple"] + (["postgres"] if connection.vendor == "postgresql" else [])


@pytest.fixture
def states(settings, poster, columnist, moderator, accept):
    """word -> (the comment or page, whether readers may find it)."""
    settings.CAIRN_REPORTS_TO_HIDE = 1
    accept(columnist, moderator)
    host = article(author=columnist)
    made = {}

    def post(word, **kwargs):
        return say(host, poster, f"Today the {word} was the thing.", **kwargs)

    made["zephyrpublished"] = (post("zephyrpublished"), True)
    newcomer = accept(NewMemberFactory())
    made["zephyrpending"] = (
        say(host, newcomer, "My zephyrpending question here."),
        False,
    )
    hidden = post("zephyrhidden")
    services.report_comment(
        comment=hidden, reporter=accept(MemberFactory()), reason=Reason.SPAM
    )
    made["zephyrhidden"] = (hidden, False)
    removed = post("zephyrremoved")
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.SPAM)
    made["zephyrremoved"] = (removed, False)
    deleted = post("zephyrdeleted")
    services.delete_comment(comment=deleted, member=poster)
    made["zephyrdeleted"] = (deleted, False)
    spam = post("zephyrspam")
    services.mark_spam(comment=spam, moderator=moderator)
    made["zephyrspam"] = (spam, False)
    draft = ArticleFactory(
        author=columnist,
        title="Zephyrdraft plans",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    made["zephyrdraft"] = (draft, False)
    made["zephyrunderdraft"] = (
        say(draft, columnist, "A zephyrunderdraft note on my own draft."),
        False,
    )
    scheduled = ArticleFactory(
        author=columnist,
        title="Zephyrscheduled next week",
        published_at=timezone.now() + timedelta(days=7),
    )
    made["zephyrscheduled"] = (scheduled, False)
    made["zephyrunderscheduled"] = (
        say(scheduled, columnist, "A zephyrunderscheduled early word."),
        False,
    )
    held = topic(
        starter=newcomer,
        title="Zephyrheldtopic question",
        opening="My zephyrheldopening words.",
    )
    assert held.opening.status == Comment.Status.PENDING
    made["zephyrheldtopic"] = (held, False)
    made["zephyrheldopening"] = (held.opening, False)
    made["zephyrunderheld"] = (
        Comment.objects.create(
            discussion=held.discussion,
            author=poster,
            path="0002",
            depth=0,
            thread_number=2,
            body="A zephyrunderheld reply.",
            body_html="<p>A zephyrunderheld reply.</p>",
        ),
        False,
    )
    return made


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_published_public_words_are_found_by_anyone(
    backend, states, poster, moderator
):
    for viewer in (None, MemberFactory(), poster, moderator):
        for word, (thing, public) in states.items():
            results = search(parsing.parse(word), viewer=viewer, backend=backend)
            urls = [r.url for r in results.results]
            assert (urls == [thing.get_absolute_url()]) is public, (viewer, word)
            if not public:
                assert urls == [], (viewer, word)


def test_no_page_of_results_holds_hidden_words(client, states, poster, moderator):
    for viewer in (None, poster, moderator):
        browser = Client()
        if viewer is not None:
            browser.force_login(viewer)
        for word in states:
            page = browser.get("/search/", {"q": word}).text
            # The query is echoed; no other state's word may appear.
            for other, (_thing, public) in states.items():
                if other != word and not public:
                    assert other not in page, (viewer, word, other)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_anonymous_authors_name_finds_none_of_their_anonymous_comments(
    backend, poster, columnist, moderator, accept
):
    host = article(author=columnist)
    discussion = services.open_discussion(host=host)
    services.set_discussion(
        discussion=discussion, moderator=accept(moderator), kind="sensitive"
    )
    poster.display_name = "Quillon Marsh"
    poster.save()
    said = say(host, poster, "Bladder urgency is my worst symptom.", anonymous=True)
    for viewer in (None, moderator, poster):
        assert (
            search(parsing.parse("Quillon"), viewer=viewer, backend=backend).count == 0
        )
        assert search(parsing.parse("Marsh"), viewer=viewer, backend=backend).count == 0
        found = search(parsing.parse("urgency"), viewer=viewer, backend=backend)
        assert [r.url for r in found.results] == [said.get_absolute_url()]
        shown = found.results[0].byline
        assert shown.is_anonymous and "Quillon" not in shown.name
    page = Client().get("/search/", {"q": "urgency"}).text
    assert "Quillon" not in page and said.pseudonym in page


@pytest.mark.parametrize("backend", BACKENDS)
def test_comments_of_ignored_members_are_left_out_but_not_anonymous_ones(
    backend, poster, member, columnist, moderator, accept
):
    reader = accept(MemberFactory())
    host = article(author=columnist)
    named = say(host, poster, "Cooling towels on hot days.")
    ignoring.ignore_member(member=reader, ignored=poster)
    found = search(parsing.parse("towels"), viewer=reader, backend=backend)
    assert found.count == 0
    assert search(parsing.parse("towels"), viewer=None, backend=backend).count == 1
    services.set_discussion(
        discussion=services.open_discussion(host=host),
        moderator=accept(moderator),
        kind="sensitive",
    )
    unnamed = say(host, poster, "Towels again, unnamed.", anonymous=True)
    found = search(parsing.parse("towels"), viewer=reader, backend=backend)
    assert [r.url for r in found.results] == [unnamed.get_absolute_url()]
    assert named.pk != unnamed.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors")
def test_vectors_follow_edits_removals_and_restores(
    poster, columnist, moderator, accept
):
    accept(moderator)
    host = article(author=columnist)
    said = say(host, poster, "Baclofen made me drowsy.")

    def hits(word):
        return search(parsing.parse(word)).count

    assert hits("baclofen") == 1
    services.edit_comment(
        comment=said, editor=poster, body="Tizanidine made me drowsy."
    )
    assert hits("baclofen") == 0 and hits("tizanidine") == 1
    said.refresh_from_db()
    services.remove_comment(comment=said, moderator=moderator, reason=Reason.SPAM)
    assert hits("tizanidine") == 0
    assert Comment.objects.get(pk=said.pk).search_vector is None
    said.refresh_from_db()
    services.restore_comment(comment=said, moderator=moderator)
    assert hits("tizanidine") == 1
    services.delete_comment(comment=Comment.objects.get(pk=said.pk), member=poster)
    assert hits("tizanidine") == 0
