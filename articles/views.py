from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Tag
from forum.models import Member


class HomeView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().newest_first().for_list()


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_list()


class ColumnistDetailView(ListView):
    """A columnist's bio and their published articles."""

    template_name = "articles/columnist_detail.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        self.columnist = get_object_or_404(Member.objects.columnists(), pk=self.kwargs["pk"])
        return Article.objects.published().by_author(self.columnist).newest_first().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(columnist=self.columnist, **kwargs)


class TagDetailView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = settings.CAIRN_ARTICLES_PER_PAGE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag).newest_first().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
