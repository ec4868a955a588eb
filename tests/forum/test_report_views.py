"""The report form: refusals keep the text, a second report is thanked,
"Report" is offered only on others' comments, suspended members are
refused."""

import re
from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum import services
from forum.models import Comment, Reason
from tests.forum.conftest import client_for
from tests.hosts import both_hosts

pytestmark = [pytest.mark.usefixtures("no_rate_limits"), both_hosts]

Status = Comment.Status


# --- reporting ----------------------------------------------------------------


def test_report_other_without_a_note_comes_back_with_the_note_error(top, poster):
    response = client_for(poster).post(
        f"/c/{top.pk}/report/", {"reason": Reason.OTHER, "note": ""}
    )

    assertContains(
        response,
        '<p class="invalid-feedback d-block" id="note-error">Please say in a few'
        " words what is wrong, so a moderator can judge.</p>",
        html=True,
        status_code=HTTPStatus.BAD_REQUEST,
    )
    # The choice made is kept.
    assert re.search(r'<input[^>]*value="other"[^>]*checked', response.text)
    assert not top.flags.exists()


def test_report_with_a_note_too_long_keeps_the_text(top, poster):
    note = "It is wrong because " + "x" * 1000

    response = client_for(poster).post(
        f"/c/{top.pk}/report/", {"reason": Reason.MISINFORMATION, "note": note}
    )

    assertContains(
        response,
        "Notes can be up to 1000 characters.",
        status_code=HTTPStatus.BAD_REQUEST,
    )
    assertContains(response, note, status_code=HTTPStatus.BAD_REQUEST)
    assert not top.flags.exists()


def test_second_report_by_the_same_member_is_thanked_politely(top, poster):
    client = client_for(poster)
    data = {"reason": Reason.MISINFORMATION, "note": "Misleading."}
    client.post(f"/c/{top.pk}/report/", data)

    response = client.post(f"/c/{top.pk}/report/", data, follow=True)

    assert response.status_code == HTTPStatus.OK
    assertContains(
        response,
        "You have already reported this comment. Thank you: a moderator will look at it.",
    )
    assert top.flags.count() == 1


def test_report_link_is_offered_on_others_comments_only(
    discussion, top, poster, columnist
):
    own = services.post_comment(
        discussion=discussion, author=poster, body="My own words."
    )
    url = discussion.get_absolute_url().removesuffix("#discussion")

    as_author = client_for(poster).get(url)
    as_columnist = client_for(columnist).get(url)

    assertNotContains(as_author, f'href="/c/{own.pk}/report/"')
    assertContains(as_author, f'href="/c/{top.pk}/report/"')
    assertContains(as_columnist, f'href="/c/{own.pk}/report/"')
    assertNotContains(as_columnist, f'href="/c/{top.pk}/report/"')


def test_report_page_refuses_a_suspended_member(top, poster, moderator):
    services.suspend_member(
        member=poster, moderator=moderator, days=7, reason="Rude replies."
    )

    response = client_for(poster).get(f"/c/{top.pk}/report/")

    assertContains(
        response, "Your account is suspended", status_code=HTTPStatus.FORBIDDEN
    )
    assertContains(response, "Rude replies.", status_code=HTTPStatus.FORBIDDEN)


def test_report_page_shows_the_form_to_a_member(top, poster):
    response = client_for(poster).get(f"/c/{top.pk}/report/")

    assertContains(response, "Report a comment")
    assertContains(response, top.body_html)
    assertContains(response, "Send report")
