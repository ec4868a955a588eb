from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Tag
from articles.services import publish_article
from forum.models import Member


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PublicationStateFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: `status` alone cannot tell the last two apart."""

    title = _("publication state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        publish_article(article=obj)

    list_display = ["title", "kind", "author", "state", "published_at", "updated_at"]
    list_filter = [
        PublicationStateFilter,
        "kind",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("treatments", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["author"]
    search_fields = ["title", "summary", "body", "author__display_name"]
    search_help_text = _("Search titles, summaries, text and author names.")
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "treatments"]
    radio_fields = {"kind": admin.HORIZONTAL, "status": admin.HORIZONTAL}
    readonly_fields = ["preview", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "author",
                    "experts",
                    "tags",
                    "treatments",
                ]
            },
        ),
        (_("Text"), {"fields": ["summary", "body", "preview"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "created_at", "updated_at"]},
        ),
    ]
    # Staff see drafts and scheduled articles on the site, so "View on site"
    # doubles as the full-page preview.
    view_on_site = True

    class Media:
        css = {"all": ["articles/admin/preview.css"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = Member.objects.columnists().order_by("display_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if Member.objects.columnists().filter(pk=request.user.pk).exists():
            initial.setdefault("author", request.user.pk)
        return initial

    @admin.display(description=_("state"))
    def state(self, obj: Article) -> str:
        if obj.is_published():
            return _("Live")
        if obj.is_scheduled():
            return _("Scheduled")
        return _("Draft")

    @admin.display(description=_("Preview (as saved)"))
    def preview(self, obj: Article) -> str:
        if not obj.pk:
            return _("Save the article to see a preview.")
        # body_html is produced by forum.sanitize on save, never raw input.
        return format_html(
            '<div class="cairn-preview">{}</div><p><a href="{}">{}</a></p>',
            mark_safe(obj.body_html),  # noqa: S308
            obj.get_absolute_url(),
            _("Open the page preview"),
        )
