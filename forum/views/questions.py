"""Questions for the columnist: a discussion's "Questions" view, and the
page of questions waiting for a columnist or expert (forum.services.questions).

The waiting page is for every signed-in member: one who answers nowhere
gets the page with a plain sentence saying so (not a 403): the link is only
offered to those who answer somewhere, and nothing on the page tells one
member anything about another."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from forum.bylines import byline
from forum.htmx import is_htmx
from forum.models import Comment
from forum.services import questions
from forum.services.ignoring import collapses
from forum.text import excerpt
from forum.views import visible_discussion

# Characters of an answer the Questions view quotes.
ANSWER_EXCERPT = 300


def _page(request: HttpRequest, rows):
    return Paginator(rows, questions.questions_per_page()).get_page(
        request.GET.get("page")
    )


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The page, or only its list for htmx (the pager swaps it in place)."""
    if is_htmx(request):
        template = f"{template}#question-list"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def discussion_questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The discussion's questions: unanswered first (oldest first), then
    answered (latest answered first), each with its answer's excerpt."""
    discussion = visible_discussion(pk, request.user)
    who = questions.answerers(discussion)
    if who is None:
        raise Http404
    page = _page(request, questions.asked_in(discussion, viewer=request.user))
    for question in page:
        question.byline = byline(question, who, viewer=request.user)
        question.collapsed = collapses(question)
        question.state = questions.state_of(question, who)
        question.awaiting_review = question.status == Comment.Status.PENDING
        answer = question.answer
        question.answer_excerpt = (
            excerpt(answer.body_html, ANSWER_EXCERPT)
            if answer is not None and answer.status == Comment.Status.PUBLISHED
            else ""
        )
    return _render(
        request,
        "forum/questions/discussion_questions.html",
        {"discussion": discussion, "host": discussion.host, "page_obj": page},
    )


@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    """The questions waiting for the member's answer, across the pages they
    answer on, oldest first."""
    rows = (
        questions.waiting_for(request.user)
        .select_related("author", "guest", "discussion")
        .prefetch_related("discussion__host")
        .with_author_moderates()
    )
    page = _page(request, rows)
    for question in page:
        # No role labels: who asked is all the columnist needs, and a
        # question asked without a name stays so (forum.bylines).
        question.byline = byline(question)
    return _render(
        request,
        "forum/questions/question_list.html",
        {"page_obj": page, "answers": page.paginator.count > 0 or _answers(request)},
    )


def _answers(request: HttpRequest) -> bool:
    return questions.answers_anywhere(request.user)
