from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from forum import services
from forum.models import Disclaimer, Member


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
