"""A topic's page, its short address, and starting a topic."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import slug_re
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DetailView

from community.forms import TopicForm
from community.models import Category, Topic
from community.related import explainers_about, related_topics
from community.services.topics import start_topic
from forum import services
from forum.models import Comment, Treatment
from forum.views.comments import discussion_context


def visible_topic(user, pk: int) -> Topic:
    """The topic `pk` as `user` may open it: a visible one; their own while
    it waits for a moderator; any, for a moderator. Everyone else gets the
    same 404 as for a topic that does not exist."""
    topic = Topic.objects.for_detail().filter(pk=pk).first()
    if topic is None or topic.discussion_id is None:
        raise Http404
    if topic.is_seen() or topic.is_held_for(user) or services.can_moderate(user):
        return topic
    raise Http404


def _canonical(request: HttpRequest, topic: Topic) -> HttpResponse:
    query = request.META.get("QUERY_STRING", "")
    url = topic.get_absolute_url() + (f"?{query}" if query else "")
    return HttpResponsePermanentRedirect(url)


def topic_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """/community/topics/<pk>/: the topic's canonical address (301)."""
    return _canonical(request, visible_topic(request.user, pk))


class TopicDetailView(DetailView):
    """A topic: its title, category, treatment and tags, then its discussion
    (the opening post first: it is the first comment) as under an article,
    and related reading."""

    context_object_name = "topic"
    template_name = "community/topic_detail.html"

    def get_object(self, queryset=None) -> Topic:
        return visible_topic(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return _canonical(request, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        discussion = topic.discussion
        discussion.host = topic  # known: the engine asks no query for it
        context.update(discussion_context(self.request, discussion, badges={}))
        context["held_for_viewer"] = topic.is_held_for(self.request.user)
        context["related_topics"] = related_topics(topic)
        context["explainers"] = explainers_about(topic.treatment)
        if context["moderates"]:
            context["move_to"] = Category.objects.listed().other_than(topic.category_id)
        return context


# How a refused start is answered; the form always comes back with its text.
_REFUSALS = (
    # DisclaimerNotAccepted: the page shows the "I understand" panel.
    (services.DisclaimerNotAccepted, HTTPStatus.FORBIDDEN, None),
    (services.RateLimited, HTTPStatus.TOO_MANY_REQUESTS, NON_FIELD_ERRORS),
    (PermissionDenied, HTTPStatus.FORBIDDEN, NON_FIELD_ERRORS),
    (ValidationError, HTTPStatus.BAD_REQUEST, "body"),
)
STARTED = _lazy("Your topic is started. Replies will be in your notifications.")
HELD = _lazy(
    "Thank you. Your topic is saved and waits for a moderator before others "
    "see it; it is marked \u201cAwaiting review\u201d until then."
)


def _refused(form: TopicForm, error) -> tuple[int, int | None]:
    """Put `error` on `form`; return the status and any Retry-After."""
    status, field = next(
        (status, field) for kind, status, field in _REFUSALS if isinstance(error, kind)
    )
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif field is not None:
        form.add_error(None if field == NON_FIELD_ERRORS else field, error)
    return status, getattr(error, "retry_after", None)


def draft_key(category: Category | None) -> str:
    """The key the opening post's draft is kept under in the browser."""
    return f"topic-new-{category.slug if category else 'any'}"


@login_required
def topic_start(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The form to start a topic (in the category `slug`, or one chosen on
    the form), and starting it."""
    category = None
    if slug is not None:
        category = get_object_or_404(Category.objects.listed(), slug=slug)
    status, retry_after = HTTPStatus.OK, None
    if request.method != "POST":
        # "Start a topic about X" on a treatment's page arrives with it chosen.
        about = request.GET.get("treatment", "")
        initial = {}
        if slug_re.fullmatch(about):  # anything else names no treatment
            initial["treatment"] = (
                Treatment.objects.listed()
                .filter(slug=about)
                .values_list("pk", flat=True)
                .first()
            )
        form = TopicForm(category=category, initial=initial)
    else:
        form = TopicForm(request.POST, category=category)
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid():
            data = form.cleaned_data
            try:
                topic = start_topic(
                    author=request.user,
                    category=form.chosen_category(),
                    title=data["title"],
                    body=data["body"],
                    treatment=data["treatment"],
                    tags=data["tags"],
                    anonymous=data["anonymous"],
                )
            except (PermissionDenied, ValidationError) as error:
                status, retry_after = _refused(form, error)
            else:
                held = topic.opening.status != Comment.Status.PUBLISHED
                messages.success(
                    request,
                    HELD if held else STARTED,
                    extra_tags=f"draft:{draft_key(category)}",
                )
                return redirect(topic)
    response = _form_page(request, form, category, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _form_page(request, form: TopicForm, category, *, status) -> HttpResponse:
    block = services.posting_block(request.user)
    if category is None:
        sensitive = list(Category.objects.listed().sensitive())
    else:
        sensitive = [category] if category.is_sensitive else []
    return render(
        request,
        "community/topic_form.html",
        {
            "form": form,
            "category": category,
            "posting_block": block,
            "block_message": (
                services.block_message(block, request.user) if block else ""
            ),
            # Where "Post without my name" is offered (see the template).
            "sensitive_categories": sensitive,
            "form_slug": draft_key(category),
        },
        status=status,
    )
