from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Tag
from articles.related import related_reading
from articles.services import publish_article
from forum.models import Discussion, Member
from forum.views.comments import discussion_context


class HomeView(ListView):
    """The latest published articles, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().newest_first().for_list()


class ArticleDetailView(DetailView):
    """One article. Drafts and scheduled articles exist only for their author
    and staff; everyone else gets the same 404 as for a missing slug."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related"] = related_reading(self.object)
        # Live, or scheduled and seen by its author or staff (get_queryset).
        if self.object.status == Article.Status.PUBLISHED:
            # Articles saved outside publish_article (fixtures, the shell)
            # get their discussion on first view; the call is idempotent.
            discussion = Discussion.objects.for_host(self.object).first()
            if discussion is None:
                discussion = publish_article(article=self.object)
            discussion.host = self.object  # known: the engine asks no query for it
            context.update(
                discussion_context(
                    self.request, discussion, badges=self.object.discussion_badges()
                )
            )
        return context


class ColumnistDetailView(ListView):
    """A columnist's bio and their published articles."""

    template_name = "articles/columnist_detail.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        self.columnist = get_object_or_404(
            Member.objects.columnists(), pk=self.kwargs["pk"]
        )
        return (
            Article.objects.published()
            .by_author(self.columnist)
            .newest_first()
            .for_list()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(columnist=self.columnist, **kwargs)


class TagDetailView(ListView):
    """The published articles carrying one tag."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        # A tag without published articles would be an empty page (and its
        # name could give away what is being written): it does not exist yet.
        self.tag = get_object_or_404(Tag.objects.in_use(), slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag).newest_first().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
