from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Member-started topics in editors' categories: each topic hosts a
    discussion of the forum engine, as an article does."""

    name = "community"
    verbose_name = _("Community")
