"""@mentions: whom an "@Display Name" in a comment reaches, and the names
offered while a member types one."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Discussion, Reason
from tests.factories import (
    ArticleFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)
from tests.forum.conftest import client_for
from tests.perf import shape

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def speak(discussion, accept):
    """Post a published comment in the discussion as a new member named
    `name`; return the member."""

    def _speak(name: str, body: str = "Pacing my days helped me most."):
        member = accept(MemberFactory(display_name=name))
        services.post_comment(discussion=discussion, author=member, body=body)
        return member

    return _speak


@pytest.fixture
def writer(db, accept):
    return accept(MemberFactory(display_name="Writer Wren"))


def mentioned(body, *, discussion, writer) -> list[str]:
    members = services.mentioned_members(
        body=body, discussion=discussion, writer=writer
    )
    return [member.display_name for member in members]


# The parser.


def test_mention_of_name_with_spaces_reaches_that_member(discussion, speak, writer):
    speak("Ann Lee")
    assert mentioned(
        "Thanks @Ann Lee, that helped.", discussion=discussion, writer=writer
    ) == ["Ann Lee"]


@pytest.mark.parametrize(
    "body",
    ["@ann lee, quite right", "@ANN LEE!", "@4nn L33 said so", "@Ａｎｎ Ｌｅｅ"],
)
def test_mention_differing_in_case_or_lookalikes_reaches_the_member(
    discussion, speak, writer, body
):
    speak("Ann Lee")
    assert mentioned(body, discussion=discussion, writer=writer) == ["Ann Lee"]


def test_mention_of_non_ascii_name_reaches_the_member(discussion, speak, writer):
    speak("Zoë Øberg")
    assert mentioned(
        "Lovely to read you, @zoë øberg.", discussion=discussion, writer=writer
    ) == ["Zoë Øberg"]


def test_mention_prefers_the_longest_name_the_text_spells(discussion, speak, writer):
    speak("Ann")
    speak("Ann Lee")
    assert mentioned(
        "@Ann Lee and @Ann both asked; @Ann Leeds too.",
        discussion=discussion,
        writer=writer,
    ) == ["Ann Lee", "Ann"]


@pytest.mark.parametrize(
    "body", ["@Annabel, welcome", "@Ann-Marie hi", "@Ann_B hi", "@Ann.Lee hi"]
)
def test_mention_must_end_at_a_word_boundary(discussion, speak, writer, body):
    speak("Ann")
    assert mentioned(body, discussion=discussion, writer=writer) == []


def test_mention_of_name_ending_a_sentence_reaches_the_member(
    discussion, speak, writer
):
    speak("Ann")
    assert mentioned(
        "I agree with @Ann.\n\n(@Ann) too", discussion=discussion, writer=writer
    ) == ["Ann"]


def test_mention_keeps_spaces_and_punctuation_of_the_name(discussion, speak, writer):
    speak("Ann Lee")
    assert (
        mentioned("@Ann, Lee and @AnnLee", discussion=discussion, writer=writer) == []
    )


@pytest.mark.parametrize(
    "body",
    [
        "Write to lee@Ann.org",
        "lee@Ann",
        "see example.org/@Ann",
        "a.b@Ann",
        "@ Ann",
        "@@Ann",
    ],
)
def test_at_sign_inside_an_address_or_path_is_no_mention(
    discussion, speak, writer, body
):
    speak("Ann")
    assert mentioned(body, discussion=discussion, writer=writer) == []


def test_mentions_in_code_spans_and_blocks_are_ignored(discussion, speak, writer):
    speak("Ann")
    body = "Type `@Ann` there.\n\n```\n@Ann\n```\n\n    @Ann in an indented block\n"
    assert mentioned(body, discussion=discussion, writer=writer) == []


def test_mention_in_quotes_lists_and_emphasis_reaches_the_member(
    discussion, speak, writer
):
    speak("Ann Lee")
    speak("Bea")
    body = "> @Bea said it\n\n- thanks **@Ann Lee**"
    assert mentioned(body, discussion=discussion, writer=writer) == ["Bea", "Ann Lee"]


def test_writer_mentioning_themselves_reaches_nobody(discussion, speak):
    writer = speak("Ann Lee")
    speak("Ann")
    # Not even "Ann", whose name the writer's own begins with.
    assert mentioned("As @Ann Lee, I", discussion=discussion, writer=writer) == []


def test_member_who_has_not_written_in_the_discussion_is_not_reached(
    discussion, writer
):
    MemberFactory(display_name="Quiet Quentin")
    assert mentioned("@Quiet Quentin?", discussion=discussion, writer=writer) == []


def test_columnist_of_the_article_is_reached_without_commenting(
    discussion, columnist, writer
):
    assert mentioned(
        f"Thank you @{columnist.display_name}!", discussion=discussion, writer=writer
    ) == [columnist.display_name]


def test_author_of_a_held_comment_only_is_not_reached(discussion, held, writer):
    author = held.author.display_name
    assert mentioned(f"@{author}", discussion=discussion, writer=writer) == []


def test_author_of_a_removed_comment_only_is_not_reached(discussion, accept, writer):
    author = accept(MemberFactory(display_name="Gone Greta"))
    comment = services.post_comment(
        discussion=discussion, author=author, body="Buy cheap pills here."
    )
    services.remove_comment(
        comment=comment, moderator=ModeratorFactory(), reason=Reason.SPAM
    )
    assert mentioned("@Gone Greta", discussion=discussion, writer=writer) == []


def test_author_in_another_discussion_only_is_not_reached(accept, discussion, writer):
    elsewhere = Discussion.objects.for_host(ArticleFactory()).get()
    member = accept(MemberFactory(display_name="Other Olga"))
    services.post_comment(discussion=elsewhere, author=member, body="Hello there.")
    assert mentioned("@Other Olga", discussion=discussion, writer=writer) == []


def test_inactive_member_is_not_reached(discussion, speak, writer):
    member = speak("Ann")
    member.is_active = False
    member.save()
    assert mentioned("@Ann", discussion=discussion, writer=writer) == []


def test_member_mentioned_twice_is_reached_once(discussion, speak, writer):
    speak("Ann")
    assert mentioned("@Ann @ann @ANN", discussion=discussion, writer=writer) == ["Ann"]


def test_mentions_stop_at_the_limit_per_comment(discussion, speak, writer):
    limit = settings.CAIRN_MENTIONS_PER_COMMENT
    names = [f"Friend {n:02d}" for n in range(limit + 2)]
    for name in names:
        speak(name)
    body = " ".join(f"@{name}" for name in names)
    assert mentioned(body, discussion=discussion, writer=writer) == names[:limit]


def test_mentioned_members_without_an_at_sign_asks_no_query(
    discussion, writer, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert (
            mentioned("No mentions here.", discussion=discussion, writer=writer) == []
        )


@pytest.mark.parametrize("size", [10, 10_000])
def test_mentioned_members_queries_do_not_grow_with_discussion_size(
    size, columnist, django_assert_num_queries
):
    authors = MemberFactory.create_batch(10)
    article = ArticleFactory(author=columnist)
    shape.build(Discussion.objects.for_host(article).get(), size=size, authors=authors)
    discussion = Discussion.objects.for_host(article).get()
    assert discussion.host == article  # loaded, as when a comment is posted
    body = " ".join(f"@{a.display_name}" for a in authors[:3]) + " @Nobody Here"
    with django_assert_num_queries(1):
        found = services.mentioned_members(
            body=body, discussion=discussion, writer=authors[-1]
        )
    assert found == authors[:3]


# Suggestions.


def test_suggest_offers_participants_beginning_with_prefix(
    discussion, speak, writer, columnist
):
    speak("Anouk Visser")
    speak("Annabel")
    speak("Bea")
    assert services.suggest(discussion=discussion, viewer=writer, prefix="an") == [
        "Annabel",
        "Anouk Visser",
    ]
    assert services.suggest(
        discussion=discussion, viewer=writer, prefix=columnist.display_name[:4]
    ) == [columnist.display_name]


def test_suggest_matches_lookalikes_and_case(discussion, speak, writer):
    speak("Annabel")
    for prefix in ("4NN", "ANNA", "Ａnn"):
        assert services.suggest(
            discussion=discussion, viewer=writer, prefix=prefix
        ) == ["Annabel"]


def test_suggest_leaves_out_the_viewer_and_non_participants(discussion, speak):
    viewer = speak("Annabel")
    MemberFactory(display_name="Anton Outsider")
    assert services.suggest(discussion=discussion, viewer=viewer, prefix="An") == []


def test_suggest_stops_at_the_limit(discussion, speak, writer):
    for n in range(5):
        speak(f"Friend {n}")
    assert services.suggest(
        discussion=discussion, viewer=writer, prefix="fri", limit=3
    ) == ["Friend 0", "Friend 1", "Friend 2"]


@pytest.mark.parametrize("prefix", ["", "A" * 31, "<script>", "An\x00", "An%", "@An"])
def test_suggest_for_a_prefix_no_name_can_begin_with_is_empty(
    discussion, speak, writer, prefix
):
    speak("Annabel")
    assert services.suggest(discussion=discussion, viewer=writer, prefix=prefix) == []


def test_suggest_in_a_discussion_the_viewer_cannot_see_is_empty(
    columnist, accept, writer
):
    scheduled = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=2)
    )
    discussion = services.open_discussion(host=scheduled)
    accept(columnist)
    services.post_comment(discussion=discussion, author=columnist, body="Soon.")
    assert services.suggest(discussion=discussion, viewer=writer, prefix="Col") == []


# The suggestions endpoint.


def suggestions_url(discussion) -> str:
    return reverse("forum:mention_suggestions", kwargs={"pk": discussion.pk})


def test_mention_suggestions_gives_a_member_matching_names(discussion, speak, writer):
    speak("Annabel")
    response = client_for(writer).get(suggestions_url(discussion), {"q": "ann"})
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"names": ["Annabel"]}
    assert "private" in response["Cache-Control"]


def test_mention_suggestions_sends_a_visitor_to_sign_in(client, discussion):
    url = suggestions_url(discussion)
    response = client.get(url, {"q": "ann"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_mention_suggestions_for_an_unseen_discussion_is_not_found(columnist, writer):
    scheduled = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=2)
    )
    discussion = services.open_discussion(host=scheduled)
    response = client_for(writer).get(suggestions_url(discussion), {"q": "Col"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_mention_suggestions_for_a_missing_discussion_is_not_found(writer):
    url = reverse("forum:mention_suggestions", kwargs={"pk": 999_999})
    assert client_for(writer).get(url).status_code == HTTPStatus.NOT_FOUND


def test_mention_suggestions_refuses_a_post(discussion, writer):
    response = client_for(writer).post(suggestions_url(discussion), {"q": "ann"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("prefix", ["<script>alert(1)</script>", '"><b>', "\u202eAnn"])
def test_mention_suggestions_for_a_hostile_prefix_is_empty(
    discussion, speak, writer, prefix
):
    speak("Annabel")
    response = client_for(writer).get(suggestions_url(discussion), {"q": prefix})
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"names": []}
    assert "<" not in response.text


def test_mention_suggestions_of_a_new_member_include_only_published_authors(
    discussion, held, accept
):
    newcomer = accept(NewMemberFactory(display_name="Nell Newer"))
    response = client_for(newcomer).get(suggestions_url(discussion), {"q": "No"})
    assert response.json() == {"names": []}


def test_comment_box_of_a_member_carries_the_suggestions_url(
    article, discussion, poster
):
    response = client_for(poster).get(article.get_absolute_url())
    assert f'data-mentions-url="{suggestions_url(discussion)}"' in response.text


def test_page_of_a_visitor_carries_no_suggestions_url(client, article, discussion):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "data-mentions-url" not in response.text
