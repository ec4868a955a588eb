"""forum/views/errors.py: the refusals Django answers before our views run.
A request body over the upload limit gets the designed 400 page that says
what was too large, and one log line, not a traceback."""

import logging
from http import HTTPStatus

import pytest
from django.test import Client

from forum.models import Comment
from tests.forum.conftest import client_for


def oversized(settings) -> dict:
    return {"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}


def assert_one_line_logged(caplog, logger_name):
    records = [r for r in caplog.records if r.name == logger_name]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    assert "\n" not in records[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["view", "csrf"])
def test_oversized_comment_gets_the_designed_400_page(
    discussion, poster, settings, caplog, enforce_csrf
):
    # With CSRF checks the CSRF middleware reads the body first; without,
    # the comment view does: Django refuses it in either place.
    caplog.set_level(logging.INFO)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(poster)
    client.get(discussion.host.get_absolute_url())  # the CSRF cookie

    response = client.post(
        f"/discussions/{discussion.pk}/comments/", oversized(settings)
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "What you sent was larger than Cairn accepts (1 MB)" in response.text
    assert "If it was a comment, shorten it" in response.text
    assert "up to 10,000 characters" in response.text
    assert "Your draft is still saved in this browser" in response.text
    assert poster.display_name in response.text  # rendered with the request
    assert response.text.count('class="site-footer') == 1  # the site's page
    assert_one_line_logged(caplog, "django.security.RequestDataTooBig")
    assert not Comment.objects.exists()


def test_too_many_fields_says_so(discussion, poster, settings, caplog):
    caplog.set_level(logging.INFO)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"field{n}": "x" for n in range(11)}

    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Hello", **fields}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "more parts than Cairn accepts" in response.text
    assert_one_line_logged(caplog, "django.security.TooManyFieldsSent")


def test_other_bad_requests_keep_the_general_page(db, caplog):
    response = Client(HTTP_HOST="not-allowed.example").get("/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Something in that request was not right" in response.text
    assert "larger than Cairn accepts" not in response.text
