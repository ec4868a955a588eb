"""Questions for the columnist (issue 18): marking a question, answering it
(by the columnist or an expert, never anonymously), telling the asker, the
discussion's "Questions" view and the columnist's page of questions waiting.
"""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Comment, EmailFrequency, Member, Notification
from forum.services import questions
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory
from tests.forum.conftest import client_for

HTMX = {"HX-Request": "true"}
ASKED = "Question for the columnist"
BY_COLUMNIST = "Answered by the columnist"
BY_EXPERT = "Answered by an expert"
ROW = re.compile(r'<li class="card mb-3" id="question-(\d+)">')

# Several comments by one member within seconds: the rate limits are not
# what these tests are about.
pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def ask(discussion, poster):
    def _ask(body="Does heat make your symptoms worse?", author=None, **kwargs):
        return services.post_comment(
            discussion=discussion,
            author=author or poster,
            body=body,
            question=True,
            **kwargs,
        )

    return _ask


@pytest.fixture
def reply(discussion):
    def _reply(parent, author, body="Yes, for many of us it does.", **kwargs):
        return services.post_comment(
            discussion=discussion, author=author, body=body, parent=parent, **kwargs
        )

    return _reply


@pytest.fixture
def page_author(columnist, accept):
    """The columnist whose article this is, ready to answer."""
    return accept(columnist)


@pytest.fixture
def expert(article, accept):
    """A member of the experts group named on the article."""
    group = Group.objects.create(name="Experts")
    member = accept(MemberFactory(display_name="Nurse Ada"))
    member.groups.add(group)
    article.experts = group
    article.save(update_fields=["experts"])
    return member


def refreshed(comment: Comment) -> Comment:
    comment.refresh_from_db()
    return comment


# --- marking ------------------------------------------------------------------


def test_top_level_comment_can_be_marked_as_a_question(ask):
    question = ask()
    assert refreshed(question).is_question
    assert question.answer_id is None


def test_reply_cannot_be_a_question(ask, reply, poster):
    with pytest.raises(ValidationError) as refused:
        reply(ask(), poster, question=True)
    assert refused.value.code == "question_reply"


def test_page_without_answerers_takes_no_questions(db):
    from articles.models import Tag
    from forum.models import Discussion
    from tests.factories import TagFactory

    tag = TagFactory()
    discussion = Discussion.objects.create(
        host_type=services.comments.ContentType.objects.get_for_model(Tag),
        host_id=tag.pk,
    )
    assert not questions.takes_questions(discussion)
    with pytest.raises(ValidationError) as refused:
        questions.check_can_ask(discussion, None)
    assert refused.value.code == "no_questions"


def test_reply_posted_as_question_is_refused_politely_with_its_text_kept(ask, poster):
    question = ask()
    response = client_for(poster).post(
        reverse("forum:comment_reply", args=[question.pk]),
        {"body": "And does cold help, then?", "question": "on"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Only a new comment, not a reply, can be a question." in response.text
    assert "And does cold help, then?" in response.text
    assert not Comment.objects.filter(parent=question).exists()


def test_question_form_is_offered_on_the_article_but_not_on_a_reply(
    ask, article, poster
):
    page = client_for(poster).get(article.get_absolute_url())
    assert 'name="question"' in page.text
    form = client_for(poster).get(reverse("forum:comment_reply", args=[ask().pk]))
    assert 'name="question"' not in form.text


# --- answering ----------------------------------------------------------------


def test_columnist_reply_answers_the_question(ask, reply, page_author):
    question = ask()
    answer = reply(question, page_author)
    question = refreshed(question)
    assert question.answer_id == answer.pk
    assert question.answered_by_id == page_author.pk
    assert question.answered_at is not None


def test_columnist_reply_deep_in_the_thread_answers_it(ask, reply, page_author, poster):
    question = ask()
    follow_up = reply(question, poster, "To add: mostly in the afternoon.")
    answer = reply(follow_up, page_author, "Afternoons are hard for me too.")
    assert refreshed(question).answer_id == answer.pk


def test_expert_reply_answers_the_question(ask, reply, expert):
    question = ask()
    answer = reply(question, expert)
    question = refreshed(question)
    assert (question.answer_id, question.answered_by_id) == (answer.pk, expert.pk)
    badges = questions.answerers(question.discussion)
    assert questions.state_of(question, badges).label == BY_EXPERT


@pytest.mark.parametrize("who", ["other_member", "moderator", "asker"])
def test_reply_by_anyone_else_does_not_answer(who, ask, reply, accept, request):
    question = ask()
    replier = (
        question.author if who == "asker" else accept(request.getfixturevalue(who))
    )
    reply(question, replier)
    assert refreshed(question).answer_id is None


def test_comment_that_is_not_a_question_is_never_answered(
    discussion, poster, reply, page_author
):
    comment = services.post_comment(discussion=discussion, author=poster, body="Hi.")
    reply(comment, page_author)
    assert refreshed(comment).answered_at is None


def test_anonymous_reply_by_the_columnist_does_not_answer(
    ask, reply, page_author, discussion
):
    discussion.is_sensitive = True
    discussion.save(update_fields=["is_sensitive"])
    question = ask()
    reply(question, page_author, anonymous=True)
    assert refreshed(question).answer_id is None


def test_the_first_answer_wins(ask, reply, page_author, expert):
    question = ask()
    first = reply(question, expert, "First word.")
    reply(question, page_author, "Second word.")
    question = refreshed(question)
    assert (question.answer_id, question.answered_by_id) == (first.pk, expert.pk)


def test_held_answer_answers_when_approved(
    ask, reply, article, moderator, newcomer, accept
):
    """A newcomer's reply is held; they join the experts group while it
    waits; it answers when a moderator approves it, not before."""
    question = ask()
    held = reply(question, newcomer)
    assert held.status == Comment.Status.PENDING
    group = Group.objects.create(name="Experts")
    newcomer.groups.add(group)
    article.experts = group
    article.save(update_fields=["experts"])
    assert refreshed(question).answer_id is None
    services.approve_comment(comment=held, moderator=accept(moderator))
    question = refreshed(question)
    assert (question.answer_id, question.answered_by_id) == (held.pk, newcomer.pk)
    assert Notification.objects.get(recipient=question.author).reason == "answer"


def test_deleted_answer_leaves_the_question_unanswered(ask, reply, page_author):
    question = ask()
    answer = reply(question, page_author)
    services.delete_comment(comment=answer, member=page_author)
    question = refreshed(question)
    assert (question.answer_id, question.answered_by_id) == (None, None)
    assert question.answered_at is None


def test_deleted_answer_gives_way_to_the_next_answer(ask, reply, page_author, expert):
    question = ask()
    first = reply(question, page_author, "First word.")
    second = reply(question, expert, "Second word.")
    reply(first, question.author, "Thanks!")  # `first` keeps a placeholder
    services.delete_comment(comment=first, member=page_author)
    question = refreshed(question)
    assert (question.answer_id, question.answered_by_id) == (second.pk, expert.pk)


def test_removed_answer_unanswers_and_restoring_it_answers_again(
    ask, reply, page_author, moderator, accept
):
    question = ask()
    answer = reply(question, page_author)
    accept(moderator)
    services.remove_comment(comment=answer, moderator=moderator, reason="spam")
    assert refreshed(question).answer_id is None
    services.restore_comment(comment=refreshed(answer), moderator=moderator)
    assert refreshed(question).answer_id == answer.pk


# --- telling the asker --------------------------------------------------------


def test_asker_is_notified_with_answer_reason_in_inbox_and_email(
    ask, reply, page_author, poster, mailoutbox, article
):
    Member.objects.filter(pk=poster.pk).update(
        email_notifications=EmailFrequency.IMMEDIATELY
    )
    question = ask()
    mailoutbox.clear()
    answer = reply(question, page_author)
    note = Notification.objects.get(recipient=poster, comment=answer)
    assert note.reason == Notification.Reason.ANSWER
    inbox = client_for(poster).get(reverse("forum:notifications"))
    assert f"{page_author.display_name}</bdi> answered your question" in inbox.text
    (mail,) = [m for m in mailoutbox if poster.email in m.to]
    assert mail.subject.endswith(
        f"{page_author.display_name} (Columnist) answered your question in “{article.title}”"
    )
    assert (
        f"{page_author.display_name} (Columnist) answered your question:" in mail.body
    )


def test_answer_to_a_follow_up_tells_the_asker_as_an_answer_and_the_replied_to_as_a_reply(
    ask, reply, page_author, poster, other_member, accept
):
    question = ask()
    follow_up = reply(question, accept(other_member), "Same question here.")
    answer = reply(follow_up, page_author)
    reasons = dict(
        Notification.objects.filter(comment=answer).values_list(
            "recipient_id", "reason"
        )
    )
    assert reasons[poster.pk] == Notification.Reason.ANSWER
    assert reasons[other_member.pk] == Notification.Reason.REPLY


def test_asker_who_wants_no_reply_notifications_is_not_told_of_the_answer(
    ask, reply, page_author, poster
):
    """Only as a follower of the discussion, if they follow it."""
    Member.objects.filter(pk=poster.pk).update(notify_on_reply=False)
    question = ask()
    answer = reply(question, page_author)
    assert not Notification.objects.filter(
        recipient=poster, reason=Notification.Reason.ANSWER
    ).exists()
    services.following.set_following(
        member=poster, discussion=question.discussion, following=False
    )
    reply(question, page_author, "One more thing.")
    assert list(
        Notification.objects.filter(recipient=poster).values_list("comment", flat=True)
    ) == [answer.pk]


def test_anonymous_asker_is_told_and_nobody_learns_who_asked(
    ask, reply, page_author, poster, discussion
):
    discussion.is_sensitive = True
    discussion.save(update_fields=["is_sensitive"])
    question = ask(anonymous=True)
    answer = reply(question, page_author)
    assert Notification.objects.get(recipient=poster, comment=answer).reason == (
        Notification.Reason.ANSWER
    )
    waiting = client_for(page_author).get(
        reverse("forum:discussion_questions", args=[discussion.pk])
    )
    assert poster.display_name not in waiting.text
    assert "Anonymous member" in waiting.text


# --- in the thread ------------------------------------------------------------


def test_thread_labels_a_question_and_links_its_answer(
    ask, reply, page_author, expert, article, client
):
    waiting = ask("Is fatigue worse in summer?")
    by_host = ask("Do cooling vests help?")
    by_expert = ask("Which fan do you use?")
    host_answer = reply(by_host, page_author)
    expert_answer = reply(by_expert, expert)
    page = client.get(article.get_absolute_url()).text

    def row(comment):
        return re.search(
            rf'<article id="comment-{comment.pk}".*?</article>', page, re.S
        ).group()

    assert ASKED in row(waiting)
    assert BY_COLUMNIST not in row(waiting)
    assert BY_COLUMNIST in row(by_host)
    assert f'href="/c/{host_answer.pk}/">Read the answer' in row(by_host)
    assert BY_EXPERT in row(by_expert)
    assert f'href="/c/{expert_answer.pk}/">Read the answer' in row(by_expert)
    assert ASKED not in row(host_answer)
    assert reverse("forum:discussion_questions", args=[waiting.discussion_id]) in page


def test_removed_question_with_replies_shows_no_label(
    ask, reply, poster, moderator, accept, article, client
):
    question = ask()
    reply(question, poster, "Adding to my own question.")
    services.remove_comment(
        comment=question, moderator=accept(moderator), reason="spam"
    )
    assert ASKED not in client.get(article.get_absolute_url()).text


# --- the Questions view -------------------------------------------------------


def _age(comment: Comment, **ago) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(**ago)
    )


def _answered(question: Comment, **ago) -> None:
    Comment.objects.filter(pk=question.pk).update(
        answered_at=timezone.now() - timedelta(**ago)
    )


def test_questions_view_lists_unanswered_oldest_first_then_answered_newest(
    ask, reply, page_author, discussion, client
):
    old_open, new_open = ask("Old open?"), ask("New open?")
    early_done, late_done = ask("Answered early?"), ask("Answered late?")
    _age(old_open, days=3)
    _age(new_open, days=1)
    reply(early_done, page_author)
    reply(late_done, page_author)
    _answered(early_done, hours=5)
    _answered(late_done, hours=1)
    services.post_comment(
        discussion=discussion, author=page_author, body="Not a question."
    )
    page = client.get(reverse("forum:discussion_questions", args=[discussion.pk]))
    assert page.status_code == HTTPStatus.OK
    assert [int(pk) for pk in ROW.findall(page.text)] == [
        old_open.pk,
        new_open.pk,
        late_done.pk,
        early_done.pk,
    ]
    assert page.text.count(BY_COLUMNIST) == 2
    assert "Yes, for many of us it does." in page.text  # the answer's excerpt
    assert f'href="/c/{old_open.pk}/"' in page.text


def test_questions_view_shows_only_published_ones_and_the_viewers_own_held(
    discussion, ask, newcomer, client
):
    shown = ask()
    held = ask("My first question, held?", author=newcomer)
    assert held.status == Comment.Status.PENDING
    url = reverse("forum:discussion_questions", args=[discussion.pk])
    assert [int(pk) for pk in ROW.findall(client.get(url).text)] == [shown.pk]
    own = client_for(newcomer).get(url).text
    assert [int(pk) for pk in ROW.findall(own)] == [shown.pk, held.pk]
    assert "Awaiting review" in own


def test_questions_view_pages_and_answers_htmx_with_the_list_only(
    ask, discussion, client, settings
):
    settings.CAIRN_QUESTIONS_PER_PAGE = 2
    asked = [ask(f"Question number {n}?") for n in range(3)]
    url = reverse("forum:discussion_questions", args=[discussion.pk])
    second = client.get(url, {"page": 2}, headers=HTMX)
    assert [int(pk) for pk in ROW.findall(second.text)] == [asked[2].pk]
    assert "<html" not in second.text
    assert second.text.lstrip().startswith('<div id="question-list"')
    assert "HX-Request" in second["Vary"]
    assert "<html" in client.get(url, {"page": "x"}).text


def test_questions_view_of_an_unpublished_article_is_not_found(columnist, client):
    draft = ArticleFactory(author=columnist, status="draft", published_at=None)
    discussion = services.open_discussion(host=draft)
    url = reverse("forum:discussion_questions", args=[discussion.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- the columnist's page -----------------------------------------------------


def test_columnist_page_lists_unanswered_questions_oldest_first(
    ask, reply, page_author, discussion, accept
):
    later, earlier, answered = ask("Later?"), ask("Earlier?"), ask("Done?")
    _age(earlier, days=2)
    reply(answered, page_author)
    elsewhere = ArticleFactory(author=ColumnistFactory())
    services.post_comment(
        discussion=services.open_discussion(host=elsewhere),
        author=later.author,
        body="For another columnist?",
        question=True,
    )
    page = client_for(page_author).get(reverse("forum:question_list"))
    assert page.status_code == HTTPStatus.OK
    assert [int(pk) for pk in ROW.findall(page.text)] == [earlier.pk, later.pk]
    assert f'href="/c/{earlier.pk}/reply/"' in page.text


def test_expert_sees_the_questions_of_the_articles_naming_their_group(
    ask, expert, columnist
):
    question = ask()
    ArticleFactory(author=columnist)  # names no experts
    page = client_for(expert).get(reverse("forum:question_list"))
    assert [int(pk) for pk in ROW.findall(page.text)] == [question.pk]


def test_columnist_page_pages(ask, page_author, settings):
    settings.CAIRN_QUESTIONS_PER_PAGE = 2
    asked = [ask(f"Question number {n}?") for n in range(3)]
    for n, question in enumerate(asked):
        _age(question, days=10 - n)
    client = client_for(page_author)
    first = client.get(reverse("forum:question_list"))
    assert [int(pk) for pk in ROW.findall(first.text)] == [asked[0].pk, asked[1].pk]
    assert "Page 1 of 2" in first.text
    second = client.get(reverse("forum:question_list"), {"page": 2})
    assert [int(pk) for pk in ROW.findall(second.text)] == [asked[2].pk]


def test_columnist_page_needs_sign_in(client):
    response = client.get(reverse("forum:question_list"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_member_who_answers_nowhere_gets_a_polite_empty_page(ask, other_member):
    ask()
    page = client_for(other_member).get(reverse("forum:question_list"))
    assert page.status_code == HTTPStatus.OK
    assert ROW.findall(page.text) == []
    assert "You do not answer readers’ questions anywhere yet." in page.text


def test_header_links_columnists_to_their_questions_with_a_count(
    ask, page_author, poster, article
):
    ask()
    ask("Another one?")
    page = client_for(page_author).get(article.get_absolute_url()).text
    assert re.search(
        r'href="/questions/"[^>]*>Questions<span class="visually-hidden"> to answer</span> <span[^>]*>2<',
        page,
    )
    assert 'href="/questions/"' not in client_for(poster).get("/").text


# --- the bound ----------------------------------------------------------------

# The article page's own bound (tests/articles) was 12 here until the page
# also read the article's treatments and its related reading (issue 20).
MAX_QUERIES = 14


def _with_questions_and_pseudonyms(discussion, columnist, expert) -> list[Comment]:
    """Turn a bulk-built discussion into one with questions (a third of its
    threads; half of those answered, by the columnist or an expert) and
    comments posted without their author's name (every seventh)."""
    from forum.services.anonymity import pseudonym_for

    tops = list(Comment.objects.filter(discussion=discussion, depth=0).order_by("path"))
    asked = tops[::3]
    Comment.objects.filter(pk__in=[c.pk for c in asked]).update(is_question=True)
    for n, question in enumerate(asked[::2]):
        answer = (
            Comment.objects.filter(discussion=discussion, parent=question)
            .order_by("path")
            .first()
        )
        if answer is None:
            continue
        answerer = expert if n % 3 == 0 else columnist
        Comment.objects.filter(pk=answer.pk).update(author=answerer)
        Comment.objects.filter(pk=question.pk).update(
            answer=answer, answered_by=answerer, answered_at=answer.created_at
        )
    anonymous = Comment.objects.filter(discussion=discussion).exclude(
        author__in=[columnist, expert]
    )
    for comment in list(anonymous.select_related("author").order_by("pk"))[::7]:
        label = pseudonym_for(comment.author, discussion)
        Comment.objects.filter(pk=comment.pk).update(pseudonym=label)
    return asked


def test_pages_stay_within_their_query_bound_on_a_1000_comment_discussion(
    discussion, article, columnist, expert, poster, django_assert_max_num_queries
):
    from tests.perf import shape

    discussion.is_sensitive = True
    discussion.save(update_fields=["is_sensitive"])
    shape.build(discussion, size=1_000, authors=MemberFactory.create_batch(8))
    asked = _with_questions_and_pseudonyms(discussion, columnist, expert)
    assert Comment.objects.filter(discussion=discussion).count() == 1_000
    assert Comment.objects.filter(answer__isnull=False).count() > 10
    assert Comment.objects.exclude(pseudonym="").count() > 100
    questions_url = reverse("forum:discussion_questions", args=[discussion.pk])
    urls = [
        article.get_absolute_url(),
        article.get_absolute_url() + "?sort=newest",
        f"{article.get_absolute_url()}?from={asked[-1].path}",
        questions_url,
        questions_url + "?page=2",
    ]
    for viewer in (Client(), client_for(poster), client_for(columnist)):
        for url in urls:
            with django_assert_max_num_queries(MAX_QUERIES):
                page = viewer.get(url)
            assert page.status_code == HTTPStatus.OK
    page = Client().get(article.get_absolute_url()).text
    assert "question-state" in page and "Anonymous member" in page
    listed = Client().get(questions_url).text
    assert ASKED in listed and "Anonymous member" in listed
    answered = "".join(
        Client().get(questions_url, {"page": n}).text for n in range(1, 5)
    )
    assert BY_COLUMNIST in answered and BY_EXPERT in answered
    for member in (columnist, expert):
        client = client_for(member)
        for url in (
            reverse("forum:question_list"),
            reverse("forum:question_list") + "?page=2",
        ):
            with django_assert_max_num_queries(MAX_QUERIES):
                page = client.get(url)
            assert page.status_code == HTTPStatus.OK
            assert len(ROW.findall(page.text)) == questions.questions_per_page()


# --- the demo -----------------------------------------------------------------


def test_demo_has_questions_answered_by_the_columnist_and_an_expert(db):
    from io import StringIO

    from django.core.management import call_command

    from articles import demo_questions
    from articles.models import Article

    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.get(slug=demo_questions.MONITORING_SLUG)
    expert = Member.objects.get(email=demo_questions.EXPERT.email)
    assert article.experts.name == demo_questions.EXPERTS_GROUP
    assert expert.groups.filter(pk=article.experts_id).exists()
    asked = Comment.objects.filter(discussion__host_id=article.pk, is_question=True)
    assert asked.count() == len(demo_questions.QUESTIONS)
    by = list(asked.exclude(answered_by=None).values_list("answered_by", flat=True))
    assert sorted(by) == sorted([article.author_id, article.author_id, expert.pk])
    assert asked.filter(answer=None).count() == 2
    waiting = client_for(article.author).get(reverse("forum:question_list"))
    assert len(ROW.findall(waiting.text)) == 2
    before = Comment.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Comment.objects.count() == before


def test_answer_by_someone_who_left_the_experts_reads_answered(ask, reply, expert):
    question = ask()
    reply(question, expert)
    expert.groups.clear()
    question = refreshed(question)
    badges = question.discussion.host.discussion_answerers()
    assert questions.state_of(question, badges).label == "Answered"


def test_experts_are_chosen_in_the_articles_admin(article, superuser_client):
    Group.objects.create(name="Experts")
    page = superuser_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert page.status_code == HTTPStatus.OK
    assert 'name="experts"' in page.text
    assert ">Experts</option>" in page.text
