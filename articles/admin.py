from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "author", "status", "published_at", "updated_at"]
    list_filter = ["status", "kind", "tags", "author"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    readonly_fields = ["preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "author", "tags"]}),
        (_("Text"), {"fields": ["summary", "body", "preview"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
    view_on_site = True

    @admin.display(description=_("Preview (as saved)"))
    def preview(self, obj: Article) -> str:
        if not obj.pk:
            return _("Save the article to see a preview; drafts are only visible to you and staff.")
        # body_html is produced by forum.sanitize on save, never raw input.
        return format_html(
            '<div class="cairn-preview">{}</div><p><a href="{}">{}</a></p>',
            mark_safe(obj.body_html),  # noqa: S308
            obj.get_absolute_url(),
            _("Open the page preview"),
        )
