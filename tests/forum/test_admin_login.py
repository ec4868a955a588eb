"""The admin has no sign-in of its own: it sends staff to the site's
sign-in page, whose failed-attempt limits therefore cover it too."""

from http import HTTPStatus

from django.test import Client

from tests.factories import PASSWORD


def test_admin_login_page_sends_to_the_sites_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=")


def test_admin_login_post_checks_no_password_itself(client, staff):
    response = client.post(
        "/admin/login/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_ten_wrong_attempts_then_the_right_password_is_refused(staff):
    client = Client()
    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    for _ in range(10):
        wrong = client.post(login_url, {"login": staff.email, "password": "nope-1"})
        assert "_auth_user_id" not in client.session
    assert wrong.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}
    right = client.post(login_url, {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert right.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}
    # From another client too: the limit is on the account, not the browser.
    elsewhere = Client()
    elsewhere.post(login_url, {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in elsewhere.session


def test_signed_in_staff_reach_the_admin_and_members_do_not(staff, member):
    staff_client, member_client = Client(), Client()
    staff_client.force_login(staff)
    member_client.force_login(member)
    assert staff_client.get("/admin/").status_code == HTTPStatus.OK
    refused = member_client.get("/admin/", follow=True)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "Sorry, that is not open to you" in refused.text
