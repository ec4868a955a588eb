"""Guest comments (forum.services.guests): the guest form, the "check your
email" page, the confirmation link, the one-click end of reply emails, the
guest's link for deleting their comment, and a member's page for attaching
the comments they wrote as a guest.

Signed-in members comment as themselves: the guest writes refuse them.
The confirmation, unsubscribe and deletion pages answer a GET with a
button and change nothing (mail scanners open links); only a POST acts.
"""

from http import HTTPStatus

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forum import services
from forum.bylines import byline
from forum.forms import GuestCommentForm, GuestConfirmForm
from forum.htmx import is_htmx
from forum.models import Comment, Discussion
from forum.services import guest_mail, guest_records, guests
from forum.services.guest_records import Deletion
from forum.services.guests import Confirmation
from forum.views import visible_discussion
from forum.views.unsubscribe import one_click

SIGNED_IN = _lazy("You are signed in: comment as yourself with the form on the page.")


def form_context(request: HttpRequest, discussion: Discussion) -> dict:
    """What a discussion page adds for a reader who is not signed in: whether
    they may comment as a guest here, and the empty guest form."""
    if request.user.is_authenticated or not guests.guests_welcome(discussion):
        return {"guests_welcome": False}
    return {"guests_welcome": True, "guest_form": GuestCommentForm()}


def _slug(parent: Comment | None) -> str:
    return f"guest-reply-{parent.pk}" if parent is not None else "guest-new"


def _form_page(request, *, discussion, parent, form, status=HTTPStatus.OK):
    if parent is not None:
        badges = getattr(discussion.host, "discussion_badges", dict)()
        parent.byline = byline(parent, badges)
    template = (
        "forum/guests/_guest_form.html"
        if is_htmx(request)
        else "forum/guests/guest_form.html"
    )
    return render(
        request,
        template,
        {
            "discussion": discussion,
            "parent": parent,
            "guest_form": form,
            "guest_slug": _slug(parent),
        },
        status=status,
    )


def _send(request, *, discussion: Discussion, parent: Comment | None):
    if request.user.is_authenticated:
        raise PermissionDenied(SIGNED_IN)
    form = GuestCommentForm(request.POST)
    form.is_valid()  # only carries the values: the service decides
    data = form.cleaned_data
    status, retry_after = HTTPStatus.BAD_REQUEST, None
    try:
        guests.send_guest_comment(
            discussion=discussion,
            parent=parent,
            name=data.get("name", ""),
            email=data.get("email", ""),
            body=data.get("body", ""),
            ip=get_adapter(request).get_client_ip(request),
            accepted_disclaimer=data.get("accepted", False),
        )
    except services.RateLimited as limited:
        form.add_error("body", limited)
        status, retry_after = HTTPStatus.TOO_MANY_REQUESTS, limited.retry_after
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                form.add_error(field, errors)
        elif refusal.code in ("guests_off", "not_open", "locked", "parent_gone"):
            form.add_error(None, refusal)
        else:
            form.add_error("body", refusal)
    else:
        key = f"{_slug(parent)}-{discussion.pk}"
        messages.success(
            request, _("Nearly there: check your email."), extra_tags=f"draft:{key}"
        )
        return redirect("forum:guest_comment_sent")
    response = _form_page(
        request, discussion=discussion, parent=parent, form=form, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def guest_comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = visible_discussion(pk, request.user)
    return _send(request, discussion=discussion, parent=None)


def _published_parent(pk: int) -> Comment | None:
    """The comment to reply to: published, in a discussion anyone may read."""
    parent = (
        Comment.objects.in_thread()
        .visible()
        .select_related("discussion", "author", "guest")
        .filter(pk=pk)
        .first()
    )
    if parent is None or not services.discussion_visible_to(
        parent.discussion, AnonymousUser()
    ):
        return None
    return parent


@require_http_methods(["GET", "HEAD", "POST"])
def guest_comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A guest's reply: the form (GET, also where "Reply" leads a reader who
    is not signed in) or the sending (POST). Where a guest may not reply,
    GET leads to signing in, as "Reply" always did."""
    parent = _published_parent(pk)
    if request.method == "POST":
        if parent is None:
            raise PermissionDenied(services.PARENT_GONE)
        return _send(request, discussion=parent.discussion, parent=parent)
    if request.user.is_authenticated:
        return redirect("forum:comment_reply", pk=pk)
    if parent is None or not guests.guests_welcome(parent.discussion):
        return redirect_to_login(request.get_full_path())
    return _form_page(
        request, discussion=parent.discussion, parent=parent, form=GuestCommentForm()
    )


def guest_comment_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forum/guests/sent.html",
        {"link_hours": settings.CAIRN_GUEST_LINK_LIFETIME // 3600},
    )


CONFIRM_STATUSES = {
    Confirmation.READY: HTTPStatus.OK,
    Confirmation.DONE: HTTPStatus.OK,
    Confirmation.CONFIRMED: HTTPStatus.OK,
    Confirmation.EXPIRED: HTTPStatus.GONE,
    Confirmation.INVALID: HTTPStatus.BAD_REQUEST,
    Confirmation.CLOSED: HTTPStatus.CONFLICT,
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def guest_comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    form = GuestConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = guests.confirm(
            token=token, follows_replies=form.cleaned_data["follows_replies"]
        )
    else:
        outcome = guests.check_confirmation(token=token)
    delete_url = ""
    # Given again to whoever opens the link a second time (while it lasts):
    # a guest who lost the page can still take their comment back.
    if outcome.state in (Confirmation.DONE, Confirmation.CONFIRMED):
        delete_url = guest_mail.deletion_url(outcome.guest)
    return render(
        request,
        "forum/guests/confirm.html",
        {
            "outcome": outcome,
            "state": outcome.state.value,
            "form": form,
            "delete_url": delete_url,
        },
        status=CONFIRM_STATUSES[outcome.state],
    )


# Exempt from CSRF for the reason forum/views/unsubscribe.py gives: RFC
# 8058's one-click POST comes from a mail provider, with no cookie; the
# signed token is the whole authorisation, and can only stop these emails.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def guest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return one_click(
        request,
        token,
        check=guest_mail.check_unsubscribe,
        use=guest_mail.unsubscribe,
        template="forum/guests/unsubscribe.html",
    )


DELETE_STATUSES = {
    Deletion.READY: HTTPStatus.OK,
    Deletion.DONE: HTTPStatus.OK,
    Deletion.GONE: HTTPStatus.OK,
    Deletion.INVALID: HTTPStatus.BAD_REQUEST,
}


# CSRF-protected, unlike unsubscribing: the POST comes from the form this
# page renders in the guest's browser, never from a mail provider.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def guest_delete(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        outcome = guest_records.delete_by_token(token=token)
    else:
        outcome = guest_records.check_deletion(token=token)
    return render(
        request,
        "forum/guests/delete.html",
        {"outcome": outcome, "state": outcome.state.value},
        status=DELETE_STATUSES[outcome.state],
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def guest_comments_attach(request: HttpRequest) -> HttpResponse:
    """The comments a member wrote as a guest with one of their verified
    addresses, and the one button that makes them theirs."""
    if request.method == "POST":
        attached = guest_records.attach_guest_comments(member=request.user)
        if attached:
            messages.success(
                request,
                _("Done: the comments you wrote as a guest now show under your name."),
            )
        else:
            messages.info(request, _("There are no guest comments to add."))
        return redirect(reverse("forum:my_comments"))
    return render(
        request,
        "forum/guests/attach.html",
        {"guests": guest_records.attachable(request.user)},
    )
