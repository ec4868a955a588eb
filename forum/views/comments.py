"""Discussion views: thin translations of HTTP into forum.services calls."""

from http import HTTPStatus
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from forum import services, threads
from forum.bylines import byline
from forum.disclaimers import current_disclaimer
from forum.forms import CommentForm
from forum.htmx import is_htmx
from forum.models import Comment, Discussion
from forum.redirects import local_path
from forum.views import following, guests, visible_discussion

# Blocks that still offer "Reply": signing in, or "I understand", opens it.
_REPLY_STILL_OPENS = (None, services.Block.ANONYMOUS, services.Block.MUST_ACCEPT)


def _can_reply(block: str | None, discussion: Discussion) -> bool:
    """Whether "Reply" can lead anywhere: not in a locked discussion, where
    only those who may post anyway (moderators, staff) are offered it."""
    if discussion.is_locked:
        return block is None
    return block in _REPLY_STILL_OPENS


def page_url(
    discussion: Discussion,
    *,
    start: str | None,
    sort: str = threads.OLDEST,
    anchor: str = "discussion",
) -> str:
    query = {}
    if start:
        query["from"] = start
    if sort != threads.OLDEST:
        query["sort"] = sort
    base = discussion.host.get_absolute_url()
    return f"{base}{'?' + urlencode(query) if query else ''}#{anchor}"


def comment_url(comment: Comment) -> str:
    return page_url(
        comment.discussion,
        start=threads.locate(comment),
        anchor=f"comment-{comment.pk}",
    )


def discussion_context(
    request: HttpRequest, discussion: Discussion, *, badges=None
) -> dict:
    """Everything the discussion block of a host page needs (the host view
    adds it to its context and includes forum/includes/_discussion.html)."""
    sort = threads.parse_sort(request.GET.get("sort"))
    end = threads.parse_cursor(request.GET.get("before"))
    start = threads.parse_cursor(request.GET.get("from"))
    if end:
        start = threads.start_before(discussion, sort=sort, end=end)
    page = threads.read_page(
        discussion, sort=sort, start=start, end=end, viewer=request.user
    )
    standing, reading = _decorate(request, page, badges=badges)
    return {
        "discussion": discussion,
        "thread_page": page,
        "moderates": standing.moderates,
        **_gate(request, standing.block),
        **reading,
        # The feed is public (forum.feeds): offered where anyone may read it.
        "has_feed": discussion.comment_count
        and services.discussion_visible_to(discussion, AnonymousUser()),
        "comment_form": CommentForm(),
        "takes_questions": services.takes_questions(discussion),
        **guests.form_context(request, discussion),
    }


def _decorate(
    request: HttpRequest, page: threads.ThreadPage, *, badges
) -> tuple[services.Standing, dict]:
    """Decorate `page` for this viewer; return their standing in it and what
    the page shows of their reading (following.read_as_viewer)."""
    standing = services.viewer_standing(
        request.user, discussion=page.discussion, reading=True
    )
    threads.decorate(
        page,
        viewer=request.user,
        badges=badges,
        can_reply=_can_reply(standing.block, page.discussion),
        can_report=services.may_report(standing.block),
        moderates=standing.moderates,
    )
    return standing, following.read_as_viewer(request, page, standing, badges=badges)


def _gate(request: HttpRequest, block: str | None) -> dict:
    """What a comment form shows in place of itself when `block` stops it."""
    return {
        "posting_block": block,
        "block_message": (services.block_message(block, request.user) if block else ""),
    }


def _visible_comment(request: HttpRequest, pk: int) -> Comment:
    """A comment in the thread as everyone sees it or, for its author, in
    any state but deleted. The thread is asked first: most links are to it,
    and reading `request.user` costs the session and the member's row."""
    related = ("discussion", "author")
    comment = Comment.objects.in_thread().select_related(*related).filter(pk=pk).first()
    if comment is None:
        comment = get_object_or_404(
            Comment.objects.reachable_by(request.user).select_related(*related), pk=pk
        )
    if not services.discussion_visible_to(comment.discussion, request.user):
        raise Http404
    return comment


def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(comment_url(_visible_comment(request, pk)))


def form_slug(*, parent: Comment | None = None, comment: Comment | None = None) -> str:
    """Names a comment form: its field ids and the key of its saved draft."""
    if comment is not None:
        return f"edit-{comment.pk}"
    return f"reply-{parent.pk}" if parent is not None else "new"


def _form_page(
    request,
    *,
    form,
    discussion,
    parent=None,
    comment=None,
    status=HTTPStatus.OK,
    edit_closed=False,
):
    template = (
        "forum/includes/_comment_form.html"
        if is_htmx(request)
        else "forum/comment_form.html"
    )
    if parent is not None:
        parent.byline = byline(parent, _badges(discussion))
    block = services.posting_block(request.user, discussion=discussion)
    return render(
        request,
        template,
        {
            "form": form,
            "discussion": discussion,
            "parent": parent,
            "comment": comment,
            "edit_closed": edit_closed,
            "takes_questions": services.takes_questions(discussion),
            **_gate(request, block),
            "form_slug": form_slug(parent=parent, comment=comment),
        },
        status=status,
    )


def _badges(discussion: Discussion) -> dict:
    # A host page may name roles for its discussion (an article's author is
    # its "Columnist"); the engine asks, knowing nothing of the host's kind.
    return getattr(discussion.host, "discussion_badges", dict)()


# How a refused write is answered; the form always comes back with its text.
_REFUSALS = (
    # DisclaimerNotAccepted: the form page shows the "I understand" panel;
    # EditWindowClosed, CommentGone: the page says so and offers the text
    # to copy, with no "Save" that cannot work.
    (services.DisclaimerNotAccepted, HTTPStatus.FORBIDDEN, None),
    (services.EditWindowClosed, HTTPStatus.FORBIDDEN, NON_FIELD_ERRORS),
    (services.CommentGone, HTTPStatus.GONE, NON_FIELD_ERRORS),
    (services.RateLimited, HTTPStatus.TOO_MANY_REQUESTS, "body"),
    (PermissionDenied, HTTPStatus.FORBIDDEN, NON_FIELD_ERRORS),
    (ValidationError, HTTPStatus.BAD_REQUEST, "body"),
)


def _write(request, write, *, form, discussion, done: str, parent=None, comment=None):
    """Run `write(body)` (one service call) for a valid form; redirect to the
    comment on success, or answer the refusal on the form page."""
    status, edit_closed, retry_after = HTTPStatus.BAD_REQUEST, False, None
    if form.is_valid():
        try:
            written = write(form.cleaned_data["body"])
        except (PermissionDenied, ValidationError) as error:
            status, field = next(
                (status, field)
                for kind, status, field in _REFUSALS
                if isinstance(error, kind)
            )
            if field is not None:
                form.add_error(None if field == NON_FIELD_ERRORS else field, error)
            edit_closed = isinstance(
                error, services.EditWindowClosed | services.CommentGone
            )
            retry_after = getattr(error, "retry_after", None)
        else:
            key = f"{form_slug(parent=parent, comment=comment)}-{discussion.pk}"
            if written.status != Comment.Status.PUBLISHED:
                done = HELD
            messages.success(request, done, extra_tags=f"draft:{key}")
            return redirect(comment_url(written))
    response = _form_page(
        request,
        form=form,
        discussion=discussion,
        parent=parent,
        comment=comment,
        status=status,
        edit_closed=edit_closed,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


HELD = _lazy(
    "Thank you. Your comment is saved and waits for a moderator before others "
    "see it; it is marked \u201cAwaiting review\u201d until then."
)


def _post_or_form(request, *, discussion: Discussion, parent: Comment | None):
    """A new comment (or reply to `parent`): the form page, or the post."""
    if request.method != "POST":
        return _form_page(
            request, form=CommentForm(), discussion=discussion, parent=parent
        )
    form = CommentForm(request.POST)
    return _write(
        request,
        lambda body: services.post_comment(
            discussion=discussion,
            author=request.user,
            body=body,
            parent=parent,
            anonymous=form.cleaned_data["anonymous"],
            question=form.cleaned_data["question"],
        ),
        form=form,
        discussion=discussion,
        parent=parent,
        done=_("Your comment is posted."),
    )


@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_or_form(
        request, discussion=visible_discussion(pk, request.user), parent=None
    )


def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated and request.method != "POST":
        # Where guests may comment, "Reply" opens the guest form; elsewhere
        # it leads to signing in (forum.views.guests).
        return guests.guest_comment_reply(request, pk)
    return _member_reply(request, pk)


@login_required
def _member_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _visible_comment(request, pk)
    if parent.status != Comment.Status.PUBLISHED:
        # Nothing about a deleted comment is shown, its author least of all.
        raise PermissionDenied(services.PARENT_GONE)
    return _post_or_form(request, discussion=parent.discussion, parent=parent)


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    if request.method != "POST":
        try:
            services.check_can_edit(comment=comment, editor=request.user)
            closed = False
        except services.EditWindowClosed:
            closed = True  # the page says so and offers the text to copy
        except services.CommentGone as gone:
            return _already_gone(request, comment, gone)
        return _form_page(
            request,
            form=CommentForm(instance=comment),
            discussion=comment.discussion,
            comment=comment,
            edit_closed=closed,
            status=HTTPStatus.FORBIDDEN if closed else HTTPStatus.OK,
        )
    return _write(
        request,
        lambda body: services.edit_comment(
            comment=comment, editor=request.user, body=body
        ),
        form=CommentForm(request.POST, instance=comment),
        discussion=comment.discussion,
        comment=comment,
        done=_("Your comment is updated."),
    )


def _already_gone(request, comment: Comment, gone) -> HttpResponse:
    """A double click on "Delete", a second tab: say it is done, and go back."""
    messages.info(request, gone.message)
    return redirect(page_url(comment.discussion, start=None))


@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    try:
        if request.method == "POST":
            services.delete_comment(comment=comment, member=request.user)
            messages.success(request, _("Your comment is deleted."))
            return redirect(page_url(comment.discussion, start=None))
        if comment.status == Comment.Status.DELETED:
            raise services.CommentGone()
    except services.CommentGone as gone:
        return _already_gone(request, comment, gone)
    if not services.can_delete(comment, request.user):
        raise PermissionDenied(_("You can only delete your own comments."))
    return render(request, "forum/comment_confirm_delete.html", {"comment": comment})


@require_POST
@login_required
def disclaimer_accept(request: HttpRequest) -> HttpResponse:
    disclaimer = current_disclaimer()
    next_url = local_path(request.POST.get("next"), request) or "/"
    if disclaimer is not None and str(disclaimer.version) == request.POST.get(
        "version"
    ):
        services.accept_disclaimer(member=request.user, disclaimer=disclaimer)
        messages.success(request, _("Thank you. You can join the discussion now."))
    else:
        messages.warning(
            request, _("The disclaimer has just changed. Please read the new version.")
        )
    # A path, never a view name: redirect() would try to reverse a bare word.
    return HttpResponseRedirect(next_url)


@require_GET
def discussion_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The next run of comments after `from`, as a fragment (htmx, "Show N
    more replies") or, without htmx, a redirect to the host page there."""
    discussion = visible_discussion(pk, request.user)
    sort = threads.parse_sort(request.GET.get("sort"))
    start = threads.parse_cursor(request.GET.get("from"))
    if not is_htmx(request):
        return redirect(page_url(discussion, start=start, sort=sort))
    page = threads.read_page(discussion, sort=sort, start=start, viewer=request.user)
    _decorate(request, page, badges=_badges(discussion))
    return render(
        request,
        "forum/includes/_comment_rows.html",
        {"discussion": discussion, "thread_page": page, "fragment": True},
    )
