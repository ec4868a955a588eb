"""The URLs of ours, for the tests that must reach every one of them (the
hostile-values sweep, the anonymity leak test)."""

from django.urls import URLPattern, URLResolver, get_resolver


def our_urls() -> list[tuple[str, str]]:
    """(name, pattern) of every named URL of ours: all but the admin and
    allauth."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern) in {"admin/", "accounts/"}:
                    continue
                inner = entry.namespace or namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append((name, prefix + str(entry.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return found
