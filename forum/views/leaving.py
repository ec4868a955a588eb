"""“Delete my account”, and the page that says goodbye
(forum.services.leaving decides what goes and what stays).

Only one's own account: the URL carries no id, the member is the one signed
in, and their current password is asked for (with a limit on tries).
"""

from http import HTTPStatus

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from forum.forms import DeleteAccountForm
from forum.services import leaving

KEPT, REMOVED = "kept", "removed"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    member = request.user
    try:
        # Refused before the form is shown: no form that can only fail.
        leaving.check_can_leave(member)
    except PermissionDenied as refusal:
        return _page(request, None, refusal=str(refusal), status=HTTPStatus.FORBIDDEN)
    if request.method != "POST":
        return _page(request, DeleteAccountForm(member=member))
    if not leaving.password_attempt_allowed(request):
        # Not validated (that would try the password): the choice comes back.
        form = DeleteAccountForm(
            initial={"comments": request.POST.get("comments")}, member=member
        )
        return _page(request, form, limited=True, status=HTTPStatus.TOO_MANY_REQUESTS)
    form = DeleteAccountForm(request.POST, member=member)
    if not form.is_valid():
        return _page(request, form, status=HTTPStatus.BAD_REQUEST)
    try:
        departure = leaving.delete_account(
            member=member, keep_comments=form.keeps_comments()
        )
    except leaving.AccountGone:
        kept = ""  # a second click: the first one did it
    except PermissionDenied as refusal:
        return _page(request, None, refusal=str(refusal), status=HTTPStatus.FORBIDDEN)
    else:
        kept = KEPT if departure.kept_comments else REMOVED
    logout(request)
    goodbye = reverse("forum:account_deleted")
    return redirect(f"{goodbye}?comments={kept}" if kept else goodbye)


def _page(request, form, *, refusal="", limited=False, status=HTTPStatus.OK):
    return render(
        request,
        "forum/leaving/delete.html",
        {"form": form, "refusal": refusal, "limited": limited},
        status=status,
    )


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """Public: the member is signed out by now. `comments` only chooses
    which sentence is shown; nothing is looked up."""
    comments = request.GET.get("comments")
    return render(
        request,
        "forum/leaving/deleted.html",
        {"comments": comments if comments in (KEPT, REMOVED) else ""},
    )
