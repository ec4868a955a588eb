"""Reading the disclaimer in force, cheaply: every page shows it."""

from django.core.cache import cache

from forum.models import Disclaimer

CACHE_KEY = "forum:disclaimer:current"
# A version scheduled for later takes effect within this many seconds.
CACHE_SECONDS = 60


def current_disclaimer() -> Disclaimer | None:
    disclaimer = cache.get(CACHE_KEY)
    if disclaimer is None:
        disclaimer = Disclaimer.objects.current()
        if disclaimer is not None:
            cache.set(CACHE_KEY, disclaimer, CACHE_SECONDS)
    return disclaimer


def forget_current_disclaimer() -> None:
    cache.delete(CACHE_KEY)
