"""Finding one's way in a long discussion, and landing back where one was."""

import re
from http import HTTPStatus

import pytest

from forum import paths, services, threads
from forum.models import Comment, Discussion
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")


@pytest.fixture
def discussion(article):
    return Discussion.objects.for_host(article).get()


@pytest.fixture
def talk(discussion, accept, no_rate_limits):
    """Ten threads; thread 9 holds a chain of replies."""
    people = [accept(MemberFactory()) for _ in range(3)]
    tops = [
        services.post_comment(
            discussion=discussion, author=people[n % 3], body=f"Thread {n + 1} opens"
        )
        for n in range(10)
    ]
    chain = [tops[8]]
    for n in range(6):
        chain.append(
            services.post_comment(
                discussion=discussion,
                author=people[n % 3],
                body=f"Step {n} in thread nine",
                parent=chain[-1],
            )
        )
    return tops, chain


def test_a_single_comments_permalink_offers_no_previous_comments(
    discussion, member, accept, client, article
):
    only = services.post_comment(
        discussion=discussion, author=accept(member), body="Just me here"
    )
    response = client.get(f"/c/{only.pk}/", follow=True)
    assert f'id="comment-{only.pk}"' in response.text
    assert "Previous comments" not in response.text
    assert "First page" not in response.text
    assert "Showing comments from" not in response.text


def test_permalink_says_where_the_reader_is(talk, client):
    tops, _chain = talk
    response = client.get(f"/c/{tops[8].pk}/", follow=True)
    text = re.sub(r"\s+", " ", response.text)
    assert "Showing comments from thread 9 of 10" in text
    assert "Back to the first comment" in text
    assert "Previous comments" in text


def test_page_inside_a_thread_shows_the_parent_of_its_first_comment(
    talk, client, article
):
    _tops, chain = talk
    target = chain[4]
    response = client.get(f"{article.get_absolute_url()}?from={target.path}")
    text = re.sub(r"\s+", " ", response.text)
    assert "Showing replies in thread 9 of 10" in text
    parent = chain[3]
    assert "In reply to" in text and parent.body_html in response.text


def test_show_more_fragment_does_not_repeat_the_trail(talk, client, discussion):
    _tops, chain = talk
    response = client.get(
        f"/discussions/{discussion.pk}/rows/?from={chain[3].path}", headers=HTMX
    )
    assert response.status_code == HTTPStatus.OK
    assert "Continuing a conversation" not in response.text
    assert "Showing replies" not in response.text
    assert f'id="comment-{chain[3].pk}"' in response.text


def test_every_comment_has_a_heading_and_threads_can_be_skipped(talk, client, article):
    tops, _chain = talk
    response = client.get(article.get_absolute_url())
    headings = re.findall(r'<h3 class="comment-head">', response.text)
    assert len(headings) == response.text.count('class="comment ')
    assert response.text.count("Skip to next thread") == len(tops)
    assert f'href="#comment-{tops[1].pk}"' in response.text
    assert ", reply to " in response.text and ", level 2," in response.text


def test_i_understand_returns_to_the_comment_form(member, client, article):
    client.force_login(member)
    response = client.get(f"{article.get_absolute_url()}?sort=newest")
    expected = f"{article.get_absolute_url()}?sort=newest#new-comment"
    assert f'name="next" value="{expected}"' in response.text
    response = client.post(
        "/disclaimer/accept/",
        {
            "version": re.search(r'name="version" value="(\d+)"', response.text)[1],
            "next": expected,
        },
    )
    assert response["Location"] == expected


def test_i_understand_on_a_reply_returns_to_that_reply(talk, member, client):
    tops, _chain = talk
    client.force_login(member)
    response = client.get(f"/c/{tops[0].pk}/reply/", headers=HTMX)
    assert f'name="next" value="/c/{tops[0].pk}/reply/"' in response.text


@pytest.mark.parametrize("hostile", ["home", "\x07", "a\u0301\u0302", "x" * 5000])
def test_i_understand_never_treats_next_as_a_view_name(member, client, hostile):
    client.force_login(member)
    response = client.post("/disclaimer/accept/", {"version": "1", "next": hostile})
    assert response.status_code == HTTPStatus.FOUND


def test_signing_up_from_a_discussion_lands_back_on_it(client, mailoutbox, article):
    response = client.get(article.get_absolute_url())
    link = re.search(
        r'href="(/accounts/signup/\?next=[^"]+new-comment)"', response.text
    )[1]
    assert "new-comment" in link
    next_url = f"{article.get_absolute_url()}#new-comment"
    signed_up = client.post(
        link.replace("&amp;", "&"),
        {
            "display_name": "Harriet Oduya",
            "email": "harriet@example.org",
            "password1": "slow-river-copper-88",
            "password2": "slow-river-copper-88",
            "next": next_url,
        },
    )
    assert signed_up.status_code == HTTPStatus.FOUND, signed_up.text
    confirm = CONFIRM_LINK.search(mailoutbox[0].body)[1]
    response = client.post(confirm)
    assert response["Location"] == next_url


def test_signing_in_from_the_discussion_lands_on_the_comment_form(
    client, member, article, password
):
    response = client.get(article.get_absolute_url())
    link = re.search(
        r'href="(/accounts/login/\?next=[^"]+new-comment)"', response.text
    )[1]
    response = client.post(link, {"login": member.email, "password": password})
    assert response["Location"] == f"{article.get_absolute_url()}#new-comment"


def test_locate_keeps_a_replys_thread_on_screen(talk):
    _tops, chain = talk
    assert threads.locate(chain[-1]) == chain[0].path[: paths.SEGMENT]
    assert Comment.objects.count() == 16
