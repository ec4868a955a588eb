"""The development console mail backend prints mail a newcomer can use: links
whole and clickable, text decoded (Django's console backend prints them
quoted-printable, cut by soft line breaks)."""

import re
from http import HTTPStatus
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMultiAlternatives

import config.settings
from forum.mail import ReadableConsoleBackend
from tests.factories import PASSWORD, MemberFactory

# What `make run` uses: the module's own value, before the test settings
# (tests/conftest.py) swap in the locmem backend.
DEVELOPMENT_BACKEND = config.settings.MAILERS["default"]["BACKEND"]

LONG_URL = (
    "http://127.0.0.1:8000/accounts/confirm-email/"
    "MQ:1uTQ2v:Zk3p-8s_QwErTyUiOpAsDfGhJkLzXcVbNm0123456789/?next=/a/b&x=y"
)


@pytest.fixture
def console(settings) -> StringIO:
    """Route the default mailer through the development backend into a buffer."""
    stream = StringIO()
    settings.MAILERS = {
        "default": {"BACKEND": DEVELOPMENT_BACKEND, "OPTIONS": {"stream": stream}}
    }
    return stream


def printed_links(output: str, fragment: str) -> list[str]:
    """The links containing `fragment`, read as a person reads the console."""
    return [url for url in re.findall(r"https?://\S+", output) if fragment in url]


def test_development_uses_the_readable_console_backend():
    assert DEVELOPMENT_BACKEND == "forum.mail.ReadableConsoleBackend"


def test_readable_console_backend_long_link_and_curly_quote_print_unbroken():
    stream = StringIO()
    message = EmailMultiAlternatives(
        subject="It\u2019s nearly time – confirm your address",
        body=f"Hello, it\u2019s Cairn.\n\nConfirm here: {LONG_URL}\n",
        from_email="Cairn <no-reply@cairn.localhost>",
        to=["reader@example.org"],
    )
    message.attach_alternative(
        f'<p>It\u2019s <a href="{LONG_URL}">here</a></p>', "text/html"
    )
    message.attach("notes.txt", "attached, not shown", "text/plain")

    sent = ReadableConsoleBackend(stream=stream).send_messages([message])

    output = stream.getvalue()
    assert sent == 1
    assert f"Confirm here: {LONG_URL}\n" in output
    assert f'<a href="{LONG_URL}">' in output
    assert "Subject: It\u2019s nearly time – confirm your address" in output
    assert "Hello, it\u2019s Cairn." in output
    assert "To: reader@example.org" in output
    assert "=3D" not in output
    assert "=\n" not in output
    assert "Content-Transfer-Encoding" not in output
    assert "[attachment: notes.txt, text/plain," in output
    assert "attached, not shown" not in output
    assert output.endswith("-" * 79 + "\n")


@pytest.mark.django_db
def test_password_reset_link_printed_in_development_resets_the_password(
    client, console
):
    member = MemberFactory(email="someone.with.a.long.address@example.org")

    client.post("/accounts/password/reset/", {"email": member.email})

    [link] = printed_links(console.getvalue(), "/accounts/password/reset/key/")
    form = client.get(link, follow=True)
    assert form.status_code == HTTPStatus.OK
    assert 'name="password1"' in form.text
    new_password = "a-brand-new-passphrase-77"
    done = client.post(
        form.request["PATH_INFO"],
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password(new_password)


@pytest.mark.django_db
def test_verification_link_printed_in_development_confirms_the_address(client, console):
    email = "a.newcomer.with.a.long.address@example.org"
    client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": "Newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    [link] = printed_links(console.getvalue(), "/accounts/confirm-email/")
    page = client.get(link)
    assert page.status_code == HTTPStatus.OK
    client.post(link)
    assert EmailAddress.objects.get(email=email).verified
