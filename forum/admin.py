import contextlib

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from forum import services
from forum.models import Comment, Disclaimer, Discussion, Member
from forum.services.profile import hold_name


@admin.register(Member)
class MemberAdmin(UserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "display_name",
        "email",
        "trust",
        "is_staff",
        "suspended_until",
        "date_joined",
    ]
    list_filter = ["trust", "is_staff", "is_active", "groups"]
    search_fields = ["display_name", "email"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Public profile"), {"fields": ["display_name", "bio"]}),
        (_("Standing"), {"fields": ["trust", "suspended_until", "is_active"]}),
        (_("Roles"), {"fields": ["is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def save_model(self, request, obj, form, change):
        old_key = (
            Member.objects.filter(pk=obj.pk).values_list("name_key", flat=True).first()
        )
        super().save_model(request, obj, form, change)
        if change:
            # A rename here holds the old name back, as a member's own does.
            hold_name(member=obj, old_key=old_key)

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        ),
    ]


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    """Saving a disclaimer always publishes a new version: the wording a
    member accepted is never changed under them."""

    list_display = ["version", "summary", "published_at"]
    readonly_fields = ["version", "created_at"]
    fields = ["version", "summary", "body", "guidelines", "published_at", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        new = services.publish_disclaimer(
            summary=form.cleaned_data["summary"],
            body=form.cleaned_data["body"],
            guidelines=form.cleaned_data["guidelines"],
            published_at=form.cleaned_data["published_at"],
        )
        # The admin redirects to the object it thinks it saved: point it at
        # the new version.
        obj.pk, obj.version = new.pk, new.version


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "user", "primary", "verified"]
    list_filter = ["primary", "verified"]
    search_fields = ["email", "user__display_name"]
    raw_id_fields = ["user"]


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "host", "comment_count", "is_locked", "last_activity_at"]
    list_filter = ["is_locked"]
    readonly_fields = [
        "host_type",
        "host_id",
        "comment_count",
        "last_activity_at",
        "created_at",
    ]
    fields = [
        "host_type",
        "host_id",
        "is_locked",
        "comment_count",
        "last_activity_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # a page opens its own discussion when published

    def has_delete_permission(self, request, obj=None):
        return False  # its page owns it; lock it instead


class CommentAdminForm(forms.ModelForm):
    author = None  # set per request by CommentAdmin.get_form

    class Meta:
        model = Comment
        fields = ["discussion", "parent", "body"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.check_can_post(self.author, discussion=cleaned.get("discussion"))
            cleaned["body"] = services.clean_body(cleaned.get("body", ""))
        except PermissionDenied as error:
            raise forms.ValidationError(str(error)) from error
        parent = cleaned.get("parent")
        if parent and parent.discussion_id != getattr(
            cleaned.get("discussion"), "pk", None
        ):
            raise forms.ValidationError(
                _("The parent comment is in another discussion.")
            )
        return cleaned


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments are read here; writing goes through forum.services like every
    other entry point (moderation actions arrive with their own issue)."""

    form = CommentAdminForm
    list_display = ["__str__", "author", "status", "depth", "created_at", "edited_at"]
    list_filter = ["status"]
    search_fields = ["body", "author__display_name"]
    list_select_related = ["author"]
    raw_id_fields = ["discussion", "parent"]
    readonly_fields = [
        "author",
        "path",
        "depth",
        "thread_number",
        "status",
        "body_html",
        "created_at",
        "edited_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.author = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # Deleting goes through services.delete_comment, which keeps replies
        # under a "[deleted]" placeholder: nothing else is deleted with it,
        # so the admin's cascade (refused: replies protect their parent)
        # does not apply.
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        # Deleted meanwhile (or already a placeholder): the outcome asked for.
        with contextlib.suppress(services.CommentGone):
            services.delete_comment(comment=obj, member=request.user)

    def delete_queryset(self, request, queryset):
        # Deepest first, so a parent whose replies all go is removed too,
        # not left as an empty placeholder.
        for comment in queryset.order_by("-depth", "-path"):
            self.delete_model(request, comment)

    def save_model(self, request, obj, form, change):
        posted = services.post_comment(
            discussion=form.cleaned_data["discussion"],
            author=request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
        )
        obj.pk = posted.pk
