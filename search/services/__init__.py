"""Search's services: what the search page and the treatment pages ask."""

from search.services.mentions import comments_mentioning, treatment_query

__all__ = ["comments_mentioning", "treatment_query"]
