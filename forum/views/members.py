"""A member's public page: their name, since when they are here, their bio,
what they chose to show of their MS journey, and their comments.

Not for search engines. Someone who types a member's name into a search
engine (an employer, an insurer, a neighbour) must not land on what they
wrote about their health: every member page says `noindex`, and none is in
the sitemap (articles.sitemaps). Readers reach it from a byline on Cairn.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from forum.bylines import member_url
from forum.models import Comment, Member
from forum.names import display_name_key
from forum.services.journeys import journey_of, shown_parts
from forum.text import excerpt

COMMENTS_PER_PAGE = 20
# Characters of each comment the page quotes.
EXCERPT = 280
ROLES = {Member.COLUMNISTS: _("Columnist"), Member.MODERATORS: _("Moderator")}


@require_GET
def member_detail(request: HttpRequest, name: str) -> HttpResponse:
    """Found by the name as members compare names (case, look-alikes), so
    "ines calloway" finds Ines Calloway, and is sent on (301) to the name as
    she spells it. The same 404 for a name nobody has and for an account
    that is no longer active."""
    member = Member.objects.filter(
        name_key=display_name_key(name), is_active=True
    ).first()
    if member is None:
        raise Http404
    canonical = member_url(member.display_name)
    if name != member.display_name:
        return redirect(canonical, permanent=True)
    page = Paginator(Comment.objects.on_member_page(member), COMMENTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    for comment in page:
        comment.excerpt = excerpt(comment.body_html, EXCERPT)
    groups = member.groups.filter(name__in=ROLES).values_list("name", flat=True)
    if page.number > 1:
        canonical += f"?page={page.number}"
    return render(
        request,
        "forum/members/member_detail.html",
        {
            "member": member,
            "is_own": request.user.is_authenticated and request.user.pk == member.pk,
            "roles": [ROLES[group] for group in ROLES if group in set(groups)],
            "journey_parts": shown_parts(journey_of(member), request.user),
            "page_obj": page,
            "canonical_url": request.build_absolute_uri(canonical),
        },
    )
