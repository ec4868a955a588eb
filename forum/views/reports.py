"""Members reporting a comment (forum.services.reports decides who may)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from forum import services
from forum.bylines import byline
from forum.forms import ReportForm
from forum.views.comments import _badges, _visible_comment, comment_url


@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    # Refused before the form is shown: no form that can only fail.
    services.check_can_report(comment=comment, reporter=request.user)
    form = ReportForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid():
            try:
                services.report_comment(
                    comment=comment,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except services.AlreadyReported as already:
                messages.info(request, already.message)
                return redirect(comment_url(comment))
            except ValidationError as error:
                form.add_error("note" if error.code != "reason" else "reason", error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you for telling us. A moderator will look at this "
                        "comment; its author is never told who reported it."
                    ),
                )
                return redirect(comment_url(comment))
    comment.byline = byline(comment, _badges(comment.discussion))
    return render(
        request,
        "forum/reports/comment_report_form.html",
        {"comment": comment, "form": form},
        status=status,
    )
