from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from community.models import Category, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_listed", "is_sensitive"]
    list_editable = ["position", "is_listed"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are started by members on the site (community.services.topics:
    the opening post goes through every rule of posting), so none is added
    here; nor deleted, since a conversation others joined is not one
    person's to take away: moderators remove its opening post instead, which
    takes the topic out of every list. Pinning and moving here are recorded
    in the topic's History, as on the site. The starter is not shown: who
    wrote the opening post is the comment's (and may be anonymous)."""

    list_display = ["title", "category", "is_pinned", "created_at"]
    list_filter = [
        "category",
        "is_pinned",
        ("treatment", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["title"]
    search_help_text = _("Search titles.")
    date_hierarchy = "created_at"
    autocomplete_fields = ["tags"]
    fields = [
        "title",
        "category",
        "treatment",
        "tags",
        "is_pinned",
        "opening_link",
        "created_at",
    ]
    readonly_fields = ["opening_link", "created_at"]
    view_on_site = True

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("opening post"))
    def opening_link(self, obj: Topic) -> str:
        if obj.opening_id is None:
            return "-"
        url = reverse("admin:forum_comment_change", args=[obj.opening_id])
        return format_html(
            '<a href="{}">{}</a>', url, _("Comment #%(pk)s") % {"pk": obj.opening_id}
        )
