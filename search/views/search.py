"""`/search/`: the site search page (search.services.results).

A GET form. Whatever arrives, the answer is a page: a filter that does not
validate is named on the page and left out; an empty, one-character or
nonsensical query gets the help page (tips and ways in); a long query is
cut with a note. Each search counts against the client's rate limit
(`CAIRN_SEARCH_RATE_LIMIT`, per IP, allauth's rate limiting); past it, a
429 page that says when to come back.
"""

from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from community.models import Category
from search.forms import SearchForm
from search.services import query as parsing
from search.services import results

TEMPLATE = "search/search/search_results.html"


def _allowed(request: HttpRequest) -> bool:
    """Count one search against the client's limit."""
    config = {"search": settings.CAIRN_SEARCH_RATE_LIMIT}
    usage = ratelimit.consume(
        request, app="search", action="search", config=config, limit_get=True
    )
    return usage is not None


def _retry_after() -> int:
    rates = ratelimit.parse_rates(settings.CAIRN_SEARCH_RATE_LIMIT)
    return int(max((rate.duration for rate in rates), default=60))


def _ways_in() -> dict:
    """Where the help page sends someone whose query found nothing to do."""
    return {
        "community_url": reverse("community:index"),
        "treatments_url": reverse("search:treatment_list"),
        "categories": list(Category.objects.listed()),
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    query = parsing.parse(request.GET.get("q", ""))
    context = {"form": form, "query": query, "limited": False}
    if query.is_searchable or form.filters().narrows():
        if not _allowed(request):
            context["limited"] = True
            response = render(
                request, TEMPLATE, context, status=HTTPStatus.TOO_MANY_REQUESTS
            )
            response["Retry-After"] = str(_retry_after())
            return response
        context["outcome"] = results.search(
            query,
            filters=form.filters(),
            viewer=request.user,
            page=request.GET.get("page"),
        )
        if not context["outcome"].count:
            context.update(_ways_in())
    else:
        context.update(_ways_in())
    return render(request, TEMPLATE, context)
