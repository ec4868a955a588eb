"""Ignoring members (forum.services.ignoring decides what it does): the
"Ignore member" and "Stop ignoring" buttons, and the page listing whom one
ignores (only its owner sees it)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum.models import Member
from forum.redirects import local_path
from forum.services import ignoring

PER_PAGE = 50


@login_required
@require_GET
def ignored_members(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _list_page(
    request: HttpRequest, *, refused: str = "", status: int = HTTPStatus.OK
) -> HttpResponse:
    page = Paginator(ignoring.ignored_by(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forum/ignoring/ignore_list.html",
        {"page_obj": page, "refused": refused},
        status=status,
    )


def _change(request: HttpRequest, pk: int, *, ignore: bool) -> HttpResponse:
    """Ignore (or stop ignoring) member `pk`, then go back where the button
    was (`next`), or to the list; a refusal is said on the list page."""
    target = get_object_or_404(Member, pk=pk)
    try:
        if ignore:
            ignoring.ignore_member(member=request.user, ignored=target)
        else:
            ignoring.unignore_member(member=request.user, ignored=target)
    except ValidationError as refused:
        return _list_page(
            request, refused=refused.messages[0], status=HTTPStatus.BAD_REQUEST
        )
    name = target.display_name
    messages.success(
        request,
        _(
            "You ignore %(name)s now: their comments show collapsed for you, "
            "and they cannot notify you. They are not told."
        )
        % {"name": name}
        if ignore
        else _("You no longer ignore %(name)s.") % {"name": name},
    )
    back = local_path(request.POST.get("next"), request)
    return redirect(back or reverse("forum:ignored_members"))


@login_required
@require_POST
def member_ignore(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Ignore member"."""
    return _change(request, pk, ignore=True)


@login_required
@require_POST
def member_unignore(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Stop ignoring"."""
    return _change(request, pk, ignore=False)
