import contextlib

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forum import services
from forum.models import (
    Comment,
    Disclaimer,
    Discussion,
    Flag,
    Guest,
    Member,
    ModerationAction,
    Treatment,
    WatchedPhrase,
)
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
    # Trust and suspension change through the moderation services (logged);
    # the member's record page is where moderators act.
    readonly_fields = [
        "date_joined",
        "last_login",
        "trust",
        "suspended_until",
        "suspension_reason",
        "moderation_record",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Public profile"), {"fields": ["display_name", "bio"]}),
        (
            _("Standing"),
            {
                "fields": [
                    "trust",
                    "suspended_until",
                    "suspension_reason",
                    "moderation_record",
                    "is_active",
                ]
            },
        ),
        (_("Roles"), {"fields": ["is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    @admin.display(description=_("moderation"))
    def moderation_record(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("forum:moderation_member", args=[obj.pk]),
            _("Record, suspension and history"),
        )

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


def _through_service(modeladmin, request, objects, act, done: str) -> None:
    """Run `act(obj)` (one moderation service call) for each object and
    report what happened; refusals are shown, not raised."""
    handled = 0
    for obj in objects:
        try:
            act(obj)
        except (PermissionDenied, ValidationError) as refusal:
            message = getattr(refusal, "messages", [str(refusal)])[0]
            modeladmin.message_user(request, f"{obj}: {message}", messages.WARNING)
        else:
            handled += 1
    if handled:
        modeladmin.message_user(request, done % {"n": handled}, messages.SUCCESS)


def _discussion_action(kind: str, label: str):
    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        _through_service(
            modeladmin,
            request,
            queryset,
            lambda d: services.set_discussion(
                discussion=d, moderator=request.user, kind=kind
            ),
            _("%(n)d discussions changed."),
        )

    action.__name__ = f"discussion_{kind}"
    return action


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    """Locking and holding go through the moderation services (and the log):
    the admin actions, or the tools on the discussion itself."""

    list_display = [
        "__str__",
        "host",
        "comment_count",
        "is_locked",
        "holds_comments",
        "is_sensitive",
        "guests_allowed",
        "last_activity_at",
    ]
    list_filter = ["is_locked", "holds_comments", "is_sensitive", "guests_allowed"]
    readonly_fields = [
        "host_type",
        "host_id",
        "is_locked",
        "holds_comments",
        "is_sensitive",
        "guests_allowed",
        "comment_count",
        "last_activity_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = [
        _discussion_action(ModerationAction.Kind.LOCK, _("Lock discussion")),
        _discussion_action(ModerationAction.Kind.UNLOCK, _("Unlock discussion")),
        _discussion_action(ModerationAction.Kind.HOLD_ALL, _("Hold all comments")),
        _discussion_action(
            ModerationAction.Kind.RELEASE_ALL, _("Stop holding all comments")
        ),
        _discussion_action(
            ModerationAction.Kind.SENSITIVE,
            _("Mark sensitive (members may post without their name)"),
        ),
        _discussion_action(
            ModerationAction.Kind.NOT_SENSITIVE, _("Mark not sensitive")
        ),
        _discussion_action(
            ModerationAction.Kind.GUESTS_OFF, _("Turn guest comments off")
        ),
        _discussion_action(
            ModerationAction.Kind.GUESTS_ON, _("Turn guest comments on")
        ),
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
    other entry point: "add", delete and the moderation actions below (the
    moderation queue at /moderation/ is where moderators work)."""

    form = CommentAdminForm
    list_display = [
        "__str__",
        "author",
        "guest",
        "status",
        "open_flags",
        "depth",
        "created_at",
        "edited_at",
    ]
    list_filter = ["status", "hold_reason"]
    actions = ["approve_selected", "restore_selected"]
    search_fields = ["body", "author__display_name"]
    list_select_related = ["author", "guest"]
    raw_id_fields = ["discussion", "parent"]
    readonly_fields = [
        "author",
        "path",
        "depth",
        "thread_number",
        "status",
        "listed",
        "hold_reason",
        "needs_review_since",
        "open_flags",
        "moderator_note",
        "body_html",
        "created_at",
        "edited_at",
    ]

    @admin.action(description=_("Approve the selected comments"))
    def approve_selected(self, request, queryset):
        _through_service(
            self,
            request,
            queryset.select_related("discussion"),
            lambda c: services.approve_comment(comment=c, moderator=request.user),
            _("%(n)d comments approved."),
        )

    @admin.action(description=_("Restore the selected comments"))
    def restore_selected(self, request, queryset):
        _through_service(
            self,
            request,
            queryset.select_related("discussion"),
            lambda c: services.restore_comment(comment=c, moderator=request.user),
            _("%(n)d comments restored."),
        )

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by forum.services: the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The append-only moderation log."""

    list_display = ["created_at", "actor", "kind", "comment", "member", "reason"]
    list_filter = ["kind", "reason"]
    list_select_related = ["actor", "member", "comment"]
    search_fields = [
        "actor__display_name",
        "member__display_name",
        # "Former member 7KQ2": who acted or was acted on, once they left.
        "actor_label",
        "member_label",
        "note",
    ]
    readonly_fields = ["actor_label", "member_label"]
    date_hierarchy = "created_at"


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment", "reporter", "reason", "outcome"]
    list_filter = ["reason", "outcome"]
    list_select_related = ["comment", "reporter"]
    search_fields = ["reporter__display_name", "note"]


@admin.register(Guest)
class GuestAdmin(ReadOnlyAdmin):
    """What guests sent: written by forum.services.guests, read here (by
    staff, who see the address like moderators do). The text of an
    unconfirmed one is not shown: nobody has vouched for it yet."""

    list_display = ["created_at", "name", "email", "confirmed_at", "discussion"]
    list_filter = ["follows_replies"]
    list_select_related = ["discussion"]
    search_fields = ["name", "email", "ip_hash"]
    date_hierarchy = "created_at"
    exclude = ["body"]


@admin.register(WatchedPhrase)
class WatchedPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "action", "message", "created_at"]
    list_filter = ["action"]
    search_fields = ["phrase"]


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    """The list of therapies members pick from for their MS journey.

    There is deliberately no admin for `Journey`: a member's health details
    are theirs, and staff have no screen to read or change them."""

    list_display = ["name", "kind", "is_listed"]
    list_filter = ["is_listed", "kind"]
    search_fields = ["name", "other_names"]
    prepopulated_fields = {"slug": ["name"]}
