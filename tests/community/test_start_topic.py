"""Starting a topic: the service and the form."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.models import Topic
from community.services.topics import start_topic
from forum import services
from forum.models import Comment, Discussion, Subscription
from tests.community.conftest import client_for
from tests.factories import MemberFactory, ModeratorFactory, TagFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

TITLE = "Fatigue after a hot shower: is it just me?"
BODY = "Every time I shower my legs go heavy for an hour. Does anyone else get this?"


def _start(author, category, **kwargs):
    return start_topic(
        author=author,
        category=category,
        title=kwargs.pop("title", TITLE),
        body=kwargs.pop("body", BODY),
        **kwargs,
    )


def _nothing_left():
    assert not Topic.objects.exists()
    assert not Comment.objects.exists()
    assert not Discussion.objects.exists()


def test_start_topic_makes_topic_discussion_and_opening_post(starter, category):
    tag = TagFactory(name="fatigue", slug="fatigue")
    topic = _start(starter, category, tags=[tag])

    topic.refresh_from_db()
    assert topic.title == TITLE
    assert topic.discussion.host == topic
    assert topic.opening.author == starter
    assert topic.opening.body == BODY
    assert topic.opening.status == Comment.Status.PUBLISHED
    assert topic.opening.discussion_id == topic.discussion_id
    assert list(topic.tags.all()) == [tag]
    assert Topic.objects.visible().get() == topic
    assert Subscription.objects.get(member=starter).following is True


def test_starter_follows_even_when_commenting_follows_nothing(starter, category):
    starter.follow_on_comment = False
    starter.save()
    topic = _start(starter, category)
    assert Subscription.objects.get(
        member=starter, discussion=topic.discussion
    ).following


def test_title_is_one_clean_line(starter, category):
    topic = _start(starter, category, title="  Cold\r\nfeet\x07 at   night, anyone?  ")
    assert topic.title == "Cold feet at night, anyone?"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("", "empty"),
        ("\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b", "empty"),
        ("Short", "too_short"),
        ("x" * 121, "too_long"),
        ("Null\x00 in the title", "null"),
    ],
)
def test_bad_titles_are_refused_and_nothing_is_written(starter, category, title, code):
    with pytest.raises(ValidationError) as caught:
        _start(starter, category, title=title)
    assert caught.value.error_dict["title"][0].code == code
    _nothing_left()


def test_new_members_first_topic_is_held_and_approval_publishes_it(
    newcomer, category, accept
):
    topic = _start(newcomer, category)
    assert topic.opening.status == Comment.Status.PENDING
    assert not Topic.objects.visible().exists()
    assert Topic.objects.visible_to(newcomer).get() == topic
    moderator = accept(ModeratorFactory())
    services.approve_comment(comment=topic.opening, moderator=moderator)
    assert Topic.objects.visible().get() == topic


@pytest.mark.parametrize("who", ["unverified", "suspended", "not_accepted"])
def test_members_who_may_not_post_start_nothing(category, accept, who):
    if who == "unverified":
        member = accept(MemberFactory(verified=False))
    elif who == "suspended":
        member = accept(MemberFactory())
        services.suspend_member(
            member=member, moderator=accept(ModeratorFactory()), days=1, reason="x"
        )
        member.refresh_from_db()
    else:
        member = MemberFactory()
    expected = (
        services.DisclaimerNotAccepted if who == "not_accepted" else PermissionDenied
    )
    with pytest.raises(expected):
        _start(member, category)
    assert not Topic.objects.exists()


def test_unlisted_category_takes_no_topic(starter, category):
    category.is_listed = False
    category.save()
    with pytest.raises(ValidationError) as caught:
        _start(starter, category)
    assert "category" in caught.value.error_dict
    _nothing_left()


def test_topic_rate_limit_is_polite_and_writes_nothing(starter, category, settings):
    settings.CAIRN_TOPIC_RATE_LIMITS = [(2, 3600)]
    _start(starter, category, title="The first of my questions")
    _start(starter, category, title="The second of my questions", body="Another one")
    with pytest.raises(services.RateLimited) as caught:
        _start(starter, category, title="The third of my questions", body="And more")
    assert "Please wait about 1 hour" in caught.value.messages[0]
    assert caught.value.retry_after > 3500
    assert Topic.objects.count() == 2


def test_failing_opening_post_leaves_no_topic_behind(starter, category, settings):
    """The comment rate limit refuses the opening post inside the
    transaction: the topic and its discussion go with it."""
    settings.CAIRN_COMMENT_RATE_LIMITS = [(1, 3600)]
    _start(starter, category)
    with pytest.raises(services.RateLimited):
        _start(starter, category, title="A second question too soon", body="Again")
    assert Topic.objects.count() == Discussion.objects.count() == 1


def test_anonymous_opening_post_only_in_a_sensitive_category(
    starter, category, sensitive_category
):
    with pytest.raises(ValidationError) as caught:
        _start(starter, category, anonymous=True)
    assert "anonymous" in caught.value.error_dict
    topic = _start(starter, sensitive_category, anonymous=True)
    assert topic.discussion.is_sensitive
    assert topic.opening.pseudonym


# --- the form ---------------------------------------------------------------


def test_start_form_posts_and_redirects_to_the_topic(starter, category):
    response = client_for(starter).post(
        "/community/start/",
        {"category": category.pk, "title": TITLE, "body": BODY},
    )
    topic = Topic.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == topic.get_absolute_url()


def test_start_form_in_a_category_needs_no_choice(starter, category):
    client = client_for(starter)
    page = client.get(f"/community/{category.slug}/start/")
    assert 'name="category"' not in page.text
    response = client.post(
        f"/community/{category.slug}/start/", {"title": TITLE, "body": BODY}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Topic.objects.get().category == category


def test_rejected_form_keeps_the_text(starter, category):
    response = client_for(starter).post(
        "/community/start/",
        {"category": category.pk, "title": "Tiny", "body": "My long story, kept."},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="err-title"' in response.text
    assert "at least 8 characters" in response.text
    assert "My long story, kept." in response.text
    assert 'value="Tiny"' in response.text
    assert not Topic.objects.exists()


def test_visitor_is_sent_to_sign_in(client, category):
    response = client.get("/community/start/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_member_who_has_not_accepted_gets_the_i_understand_panel(db, category):
    member = MemberFactory()
    client = client_for(member)
    page = client.get("/community/start/")
    assert "I understand" in page.text
    response = client.post(
        "/community/start/",
        {"category": category.pk, "title": TITLE, "body": BODY},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "I understand" in response.text
    assert BODY in response.text
    assert not Topic.objects.exists()


def test_unverified_member_is_told_to_confirm(accept, category):
    member = accept(MemberFactory(verified=False))
    page = client_for(member).get("/community/start/")
    assert "confirm your email address" in page.text
    response = client_for(member).post(
        "/community/start/", {"category": category.pk, "title": TITLE, "body": BODY}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Topic.objects.exists()


def test_rate_limited_form_answers_429_with_the_text(starter, category, settings):
    settings.CAIRN_TOPIC_RATE_LIMITS = [(1, 3600)]
    client = client_for(starter)
    client.post(
        "/community/start/", {"category": category.pk, "title": TITLE, "body": BODY}
    )
    response = client.post(
        "/community/start/",
        {
            "category": category.pk,
            "title": "Another question of mine",
            "body": "Kept words",
        },
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
    assert "Kept words" in response.text


def test_held_topic_says_so(newcomer, category):
    client = client_for(newcomer)
    response = client.post(
        "/community/start/",
        {"category": category.pk, "title": TITLE, "body": BODY},
        follow=True,
    )
    assert "waits for a moderator" in response.text
    assert "Awaiting review" in response.text


def test_start_form_arrives_with_the_treatment_from_its_page(starter, category):
    """ "Start a topic about X" on a treatment's page chooses X on the form;
    an unknown or retired treatment chooses nothing."""
    from forum.models import Treatment

    listed = Treatment.objects.create(name="Alemtuzumab", slug="alemtuzumab")
    Treatment.objects.create(name="Retired", slug="retired", is_listed=False)
    client = client_for(starter)

    chosen = client.get("/community/start/?treatment=alemtuzumab").context["form"]
    assert chosen["treatment"].value() == listed.pk

    for slug in ("retired", "nonsense", "<script>", "%00", ""):
        form = client.get(f"/community/start/?treatment={slug}").context["form"]
        assert form["treatment"].value() is None
