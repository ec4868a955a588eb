from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Finding one's way: site search and the treatment pages. It reads
    articles, community topics and forum comments; nothing reads it."""

    name = "search"
    verbose_name = _("Search")
