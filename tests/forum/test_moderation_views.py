"""The moderators' pages, a member's "My comments" and the report form.

Who may open each moderation page, what the queue shows and how it filters,
acting from it (with and without htmx, twice, in bulk), its query count at
10 and at 10,000 waiting comments, what an author learns (and never: who
reported them), and the report form's answers.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from forum import services
from forum.models import Comment, Reason
from tests.factories import (
    ArticleFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)
from tests.forum.conftest import client_for
from tests.forum.moderation_helpers import (
    HTMX,
    held_in,
    queue_item,
    report_by_new_member,
    suspended_moderator,
)
from tests.hosts import both_hosts
from tests.perf import shape

pytestmark = pytest.mark.usefixtures("no_rate_limits")

Status = Comment.Status
# The queue page, measured (14): session, member, its two permission
# lookups, whether it must and did set up two-factor sign-in
# (forum.two_factor), the count, the page's comments, their pages, their
# open reports, the authors' tallies and earlier actions, the discussions
# waiting and their pages, and the header's unread notifications. The same
# at 10 and at 10,000 waiting comments.
QUEUE_QUERIES = 14


# --- who may open the moderation pages ---------------------------------------

REFUSALS = {
    "queue": "Only moderators can see the moderation queue.",
    "case": "Only moderators can do that.",
    "member": "Only moderators can see members' records.",
    "log": "Only moderators can read the moderation log.",
}


def _page(page: str, held: Comment) -> str:
    return {
        "queue": "/moderation/",
        "case": f"/moderation/c/{held.pk}/",
        "member": f"/moderation/members/{held.author_id}/",
        "log": "/moderation/log/",
    }[page]


def _visitor(role: str, superuser) -> Client:
    person = {
        "anonymous": lambda: None,
        "member": MemberFactory,
        "staff": lambda: MemberFactory(is_staff=True),
        "suspended_moderator": lambda: suspended_moderator(superuser),
        "moderator": ModeratorFactory,
    }[role]()
    return Client() if person is None else client_for(person)


@pytest.mark.parametrize("page", list(REFUSALS))
@pytest.mark.parametrize(
    "role", ["anonymous", "member", "staff", "suspended_moderator", "moderator"]
)
def test_moderation_page_is_open_to_moderators_only(role, page, held, superuser):
    url = _page(page, held)

    response = _visitor(role, superuser).get(url)

    if role == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")
    elif role == "moderator":
        assert response.status_code == HTTPStatus.OK
    else:
        # The site's own page, saying why.
        assertContains(
            response, escape(REFUSALS[page]), status_code=HTTPStatus.FORBIDDEN
        )
        assertContains(
            response, "Sorry, that is not open to you", status_code=HTTPStatus.FORBIDDEN
        )


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "staff", "suspended_moderator", "moderator"]
)
def test_my_comments_is_open_to_every_member_signed_in(role, held, superuser):
    response = _visitor(role, superuser).get("/account/comments/")

    if role == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")
    else:
        assertContains(response, "My comments")


def test_columnist_moderating_sees_own_articles_queue_only(
    settings, discussion, held, columnist, accept
):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    elsewhere = ArticleFactory(title="Someone Else's Column")
    theirs = held_in(
        services.open_discussion(host=elsewhere),
        accept(NewMemberFactory()),
        "A question under another column.",
    )
    client = client_for(columnist)

    queue = client.get("/moderation/")

    assertContains(queue, queue_item(held))
    assertNotContains(queue, queue_item(theirs))
    assertNotContains(queue, escape(elsewhere.title))
    assert client.get(f"/moderation/c/{held.pk}/").status_code == HTTPStatus.OK
    for url in (
        f"/moderation/c/{theirs.pk}/",
        f"/moderation/members/{held.author_id}/",
        "/moderation/log/",
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url


def test_columnist_without_the_setting_has_no_queue(discussion, held, columnist):
    response = client_for(columnist).get("/moderation/")

    assertContains(response, REFUSALS["queue"], status_code=HTTPStatus.FORBIDDEN)


# --- the queue ------------------------------------------------------------------


@pytest.fixture
def queue(discussion, top, newcomer, poster, moderator):
    """A comment, then a held reply, then reports of the comment: the reply
    waits longer, though posted later. The comment's author has one removal
    on record."""
    earlier = services.post_comment(
        discussion=discussion, author=poster, body="An earlier comment of mine."
    )
    services.remove_comment(comment=earlier, moderator=moderator, reason=Reason.ABUSE)
    reported = services.post_comment(
        discussion=discussion,
        author=poster,
        body="Stop your infusions, diet alone fixes MS.",
    )
    held = services.post_comment(
        discussion=discussion,
        author=newcomer,
        body="Is it true that cold showers cure fatigue?",
        parent=top,
    )
    rita = report_by_new_member(
        reported, Reason.MISINFORMATION, "Contradicts the article.", "Rita Reporter"
    )
    rex = report_by_new_member(
        reported, Reason.ABUSE, "Mocks people who disagree.", "Rex Reporter"
    )
    return {"held": held, "reported": reported, "reporters": (rita, rex)}


@both_hosts
def test_queue_shows_waiting_comments_oldest_first_with_their_context(
    queue, host, top, moderator, poster
):
    response = client_for(moderator).get("/moderation/")

    assert response.status_code == HTTPStatus.OK
    text = response.text
    held, reported = queue["held"], queue["reported"]
    # Held before the other was reported, though posted after it.
    assert held.pk > reported.pk
    assert text.index(queue_item(held)) < text.index(queue_item(reported))
    assertContains(response, "2 comments wait for a moderator, oldest first.")
    assertContains(response, escape(f"In “{host.title}”"), count=2)
    # The comment replied to, beside the reply.
    assertContains(
        response,
        f"<p class='mb-1'>In reply to <bdi>{top.author.display_name}</bdi>:</p>",
        html=True,
    )
    assertContains(response, top.body_html)
    # Each report: reason, reporter and note.
    for reason, reporter, note in (
        ("Medical misinformation", "Rita Reporter", "Contradicts the article."),
        ("Harassment or abuse", "Rex Reporter", "Mocks people who disagree."),
    ):
        assertContains(response, f"<strong>{reason}</strong>", html=True)
        assertContains(response, f"<bdi>{reporter}</bdi>", html=True)
        assertContains(response, f'<span dir="auto">{note}</span>', html=True)
    assertContains(response, "2 reports")
    # The author's record.
    assertContains(
        response,
        f"<summary>About <bdi>{poster.display_name}</bdi>: 0 approved, 1 removed,"
        " 0 spam</summary>",
        html=True,
    )


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?reason=held", {"held"}),
        ("?reason=misinformation", {"reported"}),
        ("?reason=abuse", {"reported"}),
        ("?reason=spam", set()),
        ("?reason=nonsense", {"held", "reported"}),
        ("", {"held", "reported"}),
    ],
)
def test_queue_filters_by_reason(queue, moderator, query, shown):
    response = client_for(moderator).get(f"/moderation/{query}")

    assert response.status_code == HTTPStatus.OK
    for name in ("held", "reported"):
        assert (queue_item(queue[name]) in response.text) == (name in shown), name


@both_hosts
def test_queue_filters_by_discussion(queue, discussion, moderator, accept):
    elsewhere = services.open_discussion(host=ArticleFactory())
    theirs = held_in(elsewhere, accept(NewMemberFactory()), "Held elsewhere.")
    client = client_for(moderator)

    there = client.get(f"/moderation/?discussion={elsewhere.pk}")
    here = client.get(f"/moderation/?discussion={discussion.pk}")

    assertContains(there, queue_item(theirs))
    assertNotContains(there, queue_item(queue["held"]))
    assertContains(here, queue_item(queue["held"]))
    assertContains(here, queue_item(queue["reported"]))
    assertNotContains(here, queue_item(theirs))


@pytest.mark.parametrize("junk", ["\u00b2", "9" * 5_000, "-1", "one", ""])
def test_queue_ignores_a_discussion_filter_that_is_no_id(queue, moderator, junk):
    response = client_for(moderator).get("/moderation/", {"discussion": junk})

    assertContains(response, queue_item(queue["held"]))
    assertContains(response, queue_item(queue["reported"]))


def test_queue_queries_are_bounded_and_the_same_at_10_and_10000_items(
    moderator, django_assert_max_num_queries
):
    authors = MemberFactory.create_batch(6)
    everything = shape.Mix(pending=0.4, hidden=0.1, reported=0.5)
    client = client_for(moderator)
    counts = {}
    for size in (11, 9_990):
        discussion = services.open_discussion(host=ArticleFactory())
        shape.build(discussion, size=size, authors=authors, mix=everything)
        if not counts:
            # Something on the authors' record, too.
            first = Comment.objects.awaiting_review().oldest_waiting_first().first()
            services.approve_comment(comment=first, moderator=moderator)
        waiting = Comment.objects.awaiting_review().count()
        with django_assert_max_num_queries(QUEUE_QUERIES) as captured:
            response = client.get("/moderation/")
        assert response.status_code == HTTPStatus.OK
        assertContains(response, f"{waiting} comments wait for a moderator")
        counts[waiting] = len(captured)
    assert list(counts) == [10, 10_000]
    assert counts[10] == counts[10_000]


# --- acting from the queue ---------------------------------------------------


@both_hosts
def test_approve_with_htmx_answers_the_queue_item_approved(held, moderator):
    response = client_for(moderator).post(
        f"/moderation/c/{held.pk}/approve/", headers=HTMX
    )

    assert response.status_code == HTTPStatus.OK
    assert "<html" not in response.text
    assertContains(response, queue_item(held))
    assertContains(response, "Approved: readers can see it.")
    assertContains(
        response, '<span class="badge text-bg-success">Published</span>', html=True
    )
    assert Comment.objects.get(pk=held.pk).status == Status.PUBLISHED


def test_second_moderator_approving_is_told_who_already_did(held):
    first = ModeratorFactory(display_name="Mona Moderator")
    second = client_for(ModeratorFactory(display_name="Otto Moderator"))
    client_for(first).post(f"/moderation/c/{held.pk}/approve/")

    response = second.post(
        f"/moderation/c/{held.pk}/approve/", {"next": "/moderation/"}, follow=True
    )

    assert response.redirect_chain == [("/moderation/", HTTPStatus.FOUND)]
    assertContains(response, "Already handled by Mona Moderator: approved.")


def test_second_moderator_approving_with_htmx_is_told_in_the_fragment(held):
    client_for(ModeratorFactory(display_name="Mona Moderator")).post(
        f"/moderation/c/{held.pk}/approve/", headers=HTMX
    )

    response = client_for(ModeratorFactory()).post(
        f"/moderation/c/{held.pk}/approve/", headers=HTMX
    )

    assert response.status_code == HTTPStatus.OK
    assert "<html" not in response.text
    assertContains(response, "Already handled by Mona Moderator: approved.")


def test_remove_without_a_reason_is_refused_and_nothing_changes(held, moderator):
    response = client_for(moderator).post(
        f"/moderation/c/{held.pk}/remove/", {"reason": ""}, headers=HTMX
    )

    assertContains(
        response,
        "Choose the reason for removing it.",
        status_code=HTTPStatus.BAD_REQUEST,
    )
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


@both_hosts
def test_bulk_approve_approves_every_selected_comment(discussion, moderator, accept):
    pending = [
        held_in(discussion, accept(NewMemberFactory()), f"Question number {n}.")
        for n in range(3)
    ]

    response = client_for(moderator).post(
        "/moderation/bulk/",
        {"comments": [c.pk for c in pending], "action": "approve"},
        follow=True,
    )

    assertContains(response, "3 comments handled.")
    assert {
        c.status for c in Comment.objects.filter(pk__in=[c.pk for c in pending])
    } == {Status.PUBLISHED}


def test_bulk_with_a_comment_outside_a_columnists_article_changes_nothing(
    settings, discussion, held, columnist, accept
):
    """Every comment is checked before any is acted on: a refusal never
    comes after part of the work is done."""
    settings.CAIRN_COLUMNISTS_MODERATE = True
    elsewhere = services.open_discussion(host=ArticleFactory())
    theirs = held_in(elsewhere, accept(NewMemberFactory()), "Held elsewhere.")

    response = client_for(columnist).post(
        "/moderation/bulk/",
        {"comments": [held.pk, theirs.pk], "action": "approve"},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING
    assert Comment.objects.get(pk=theirs.pk).status == Status.PENDING


def test_moderation_log_shows_what_was_done_and_by_whom(held):
    keeper = ModeratorFactory(display_name="Mona Moderator")
    client = client_for(keeper)
    client.post(f"/moderation/c/{held.pk}/approve/")

    response = client.get("/moderation/log/")

    assertContains(response, "<strong>Approved</strong>", html=True)
    assertContains(response, "<bdi>Mona Moderator</bdi>", html=True)


def test_member_record_offers_suspension_and_then_shows_it(held, moderator):
    client = client_for(moderator)
    url = f"/moderation/members/{held.author_id}/"

    before = client.get(url)
    client.post(f"{url}suspend/", {"length": "7", "reason": "Spam links."})
    after = client.get(url)

    assertContains(before, "Record of <bdi>Nora Newcomer</bdi>")
    assertContains(before, f'action="{url}suspend/"')
    assertContains(after, "Suspended until")
    assertContains(after, "Spam links.")
    assertContains(after, f'action="{url}unsuspend/"')


@both_hosts
def test_article_page_offers_moderator_tools_to_moderators_only(
    discussion, top, moderator, poster
):
    url = discussion.get_absolute_url().removesuffix("#discussion")

    assertContains(
        client_for(moderator).get(url), "Moderator tools for this discussion"
    )
    assertNotContains(
        client_for(poster).get(url), "Moderator tools for this discussion"
    )


@both_hosts
def test_removed_comment_with_replies_stays_as_placeholder(
    discussion, top, held, moderator, client
):
    client_for(moderator).post(f"/moderation/c/{held.pk}/approve/")
    client_for(moderator).post(
        f"/moderation/c/{top.pk}/remove/", {"reason": Reason.MISINFORMATION}
    )

    response = client.get(discussion.get_absolute_url().removesuffix("#discussion"))

    assertContains(response, "Removed by a moderator. Its replies are kept below.")
    assertNotContains(response, top.body_html)
    assertContains(response, Comment.objects.get(pk=held.pk).body_html)
