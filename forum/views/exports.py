"""Download my data (forum.services.exports): the page that says what the
file holds, its button, and the download of a copy the worker built."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from forum.models import DataExport
from forum.services import exports


def _attachment(data: str, day) -> HttpResponse:
    response = HttpResponse(data, content_type="application/json")
    name = exports.file_name(day)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Everything they wrote: no cache, shared or private, keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest) -> HttpResponse:
    """GET: the page. POST: the file at once for a small account; for a
    large one, a copy queued for the worker and the page again."""
    member = request.user
    if request.method == "POST":
        if exports.fits_inline(member):
            return _attachment(exports.export_now(member=member), timezone.localdate())
        exports.request_export(member=member)
        messages.info(
            request,
            _(
                "We are preparing your file. We will email you a link when it "
                "is ready, and it will be on this page too."
            ),
        )
        return redirect("forum:data_export")
    export = exports.latest_export(member=member)
    ready = export if export is not None and export.is_ready() else None
    return render(
        request,
        "forum/exports/data_export.html",
        {
            "ready": ready,
            "until": exports.available_until(ready) if ready else None,
            "building": export is not None and exports.is_building(export),
        },
    )


@login_required
@require_GET
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A built copy, for its owner only (404 for anyone else, as for one
    that does not exist or has expired)."""
    export = get_object_or_404(
        DataExport.objects.of(request.user).ready().kept(), pk=pk
    )
    return _attachment(export.data, timezone.localdate(export.finished_at))
