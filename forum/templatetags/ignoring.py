"""{% ignore_form member %}: "Ignore member" or "Stop ignoring" for the
viewer, on any page that shows a member (one query: whether they ignore
them). Nothing for a visitor or on the viewer's own page."""

from django import template

from forum.services import ignoring

register = template.Library()


@register.inclusion_tag("forum/ignoring/_ignore_form.html", takes_context=True)
def ignore_form(context, member):
    request = context["request"]
    viewer = request.user
    shown = viewer.is_authenticated and viewer.pk != member.pk
    return {
        "hidden": not shown,
        "member": member,
        "ignored": shown and ignoring.is_ignoring(viewer, member),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
