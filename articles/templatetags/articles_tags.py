from django import template
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` on the host the page was requested on (canonical links, Open
    Graph): ALLOWED_HOSTS and the proxy settings already vouch for it."""
    return context["request"].build_absolute_uri(path)


@register.filter
def to_locale(language: str) -> str:
    """A language code as a locale name ("en-gb" → "en_GB") for Open Graph."""
    return translation.to_locale(language)
