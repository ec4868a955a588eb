"""The moderators' side of members: a member's record (their standing,
their comments under their own name and what moderators did about them),
and suspending them or lifting it (forum.services.moderation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import services
from forum.forms import SuspendForm
from forum.models import Comment, Member, ModerationAction


@require_GET
@login_required
def moderation_member(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's record: standing, their comments in every state, and what
    moderators did about them; nothing they posted without their name."""
    if not services.can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can see members' records."))
    member = get_object_or_404(Member, pk=pk)
    comments = Paginator(
        Comment.objects.by_author(member)
        .under_own_name()
        .exclude(status=Comment.Status.DELETED)
        .select_related("discussion")
        .prefetch_related("discussion__host")
        .order_by("-created_at"),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/moderation/member_detail.html",
        {
            "member": member,
            "comments": comments,
            "log": ModerationAction.objects.about_member(member)
            .for_log()
            .newest_first()[:50],
            "tally": ModerationAction.objects.tally_by_author([member.pk]).get(
                member.pk, {}
            ),
            "suspend_form": SuspendForm(),
            "can_suspend": services.can_suspend(request.user),
            "suspended": member.is_suspended(),
        },
    )


@require_POST
@login_required
def moderation_member_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.can_suspend(request.user):
        raise PermissionDenied(_("Only moderators can suspend members."))
    member = get_object_or_404(Member, pk=pk)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Choose how long, and give the reason."))
    else:
        try:
            services.suspend_member(
                member=member,
                moderator=request.user,
                days=form.days(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refusal:
            messages.warning(request, refusal.messages[0])
        else:
            messages.success(
                request, _("%(name)s is suspended.") % {"name": member.display_name}
            )
    return redirect("forum:moderation_member", pk=pk)


@require_POST
@login_required
def moderation_member_unsuspend(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.can_suspend(request.user):
        raise PermissionDenied(_("Only moderators can lift a suspension."))
    member = get_object_or_404(Member, pk=pk)
    try:
        services.lift_suspension(
            member=member, moderator=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as refusal:
        messages.warning(request, refusal.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s can post again.") % {"name": member.display_name},
        )
    return redirect("forum:moderation_member", pk=pk)
