from django.urls import path
from django.views.generic import TemplateView

from forum.feeds import DiscussionFeed
from forum.views import (
    anonymity,
    comfort,
    comments,
    exports,
    following,
    guests,
    ignoring,
    journeys,
    leaving,
    members,
    mentions,
    moderation,
    moderation_members,
    my_comments,
    notification_settings,
    notifications,
    profile,
    questions,
    reports,
    unsubscribe,
)

app_name = "forum"

urlpatterns = [
    path("account/profile/", profile.ProfileEditView.as_view(), name="profile_edit"),
    path("comfort/", comfort.comfort, name="comfort"),
    path("account/comments/", my_comments.MyCommentsView.as_view(), name="my_comments"),
    path("account/export/", exports.data_export, name="data_export"),
    path(
        "account/export/<int:pk>/",
        exports.data_export_download,
        name="data_export_download",
    ),
    path("account/delete/", leaving.account_delete, name="account_delete"),
    path("account/deleted/", leaving.account_deleted, name="account_deleted"),
    path("account/ignored/", ignoring.ignored_members, name="ignored_members"),
    path("members/<int:pk>/ignore/", ignoring.member_ignore, name="member_ignore"),
    path(
        "members/<int:pk>/unignore/", ignoring.member_unignore, name="member_unignore"
    ),
    path("account/journey/", journeys.JourneyEditView.as_view(), name="journey_edit"),
    path("members/<str:name>/", members.member_detail, name="member_detail"),
    path(
        "account/notifications/",
        notification_settings.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path(
        "account/guest-comments/",
        guests.guest_comments_attach,
        name="guest_comments_attach",
    ),
    path(
        "discussions/<int:pk>/guest-comments/",
        guests.guest_comment_create,
        name="guest_comment_create",
    ),
    path(
        "c/<int:pk>/guest-reply/",
        guests.guest_comment_reply,
        name="guest_comment_reply",
    ),
    path("guests/sent/", guests.guest_comment_sent, name="guest_comment_sent"),
    path(
        "guests/confirm/<str:token>/",
        guests.guest_comment_confirm,
        name="guest_comment_confirm",
    ),
    path(
        "guests/unsubscribe/<str:token>/",
        guests.guest_unsubscribe,
        name="guest_unsubscribe",
    ),
    path("guests/delete/<str:token>/", guests.guest_delete, name="guest_delete"),
    path("c/<int:pk>/", comments.comment_permalink, name="comment_permalink"),
    path("c/<int:pk>/report/", reports.comment_report, name="comment_report"),
    path("c/<int:pk>/reply/", comments.comment_reply, name="comment_reply"),
    path("c/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("c/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path(
        "discussions/<int:pk>/comments/",
        comments.comment_create,
        name="comment_create",
    ),
    path(
        "discussions/<int:pk>/rows/",
        comments.discussion_rows,
        name="discussion_rows",
    ),
    path("discussions/<int:pk>/feed/", DiscussionFeed(), name="discussion_feed"),
    path(
        "discussions/<int:pk>/mentions/",
        mentions.mention_suggestions,
        name="mention_suggestions",
    ),
    path(
        "discussions/<int:pk>/follow/",
        following.follow_discussion,
        name="discussion_follow",
    ),
    path(
        "discussions/<int:pk>/unfollow/",
        following.unfollow_discussion,
        name="discussion_unfollow",
    ),
    path(
        "discussions/<int:pk>/questions/",
        questions.discussion_questions,
        name="discussion_questions",
    ),
    path("questions/", questions.question_list, name="question_list"),
    path("notifications/", notifications.inbox, name="notifications"),
    path(
        "notifications/read/",
        notifications.mark_all_read,
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.mark_read,
        name="notification_read",
    ),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/log/", moderation.moderation_log, name="moderation_log"),
    path("moderation/bulk/", moderation.moderation_bulk, name="moderation_bulk"),
    path(
        "moderation/c/<int:pk>/",
        moderation.moderation_comment,
        name="moderation_comment",
    ),
    # Before the actions below, whose pattern would take "reveal" too.
    path(
        "moderation/c/<int:pk>/reveal/",
        anonymity.moderation_comment_reveal,
        name="moderation_comment_reveal",
    ),
    path(
        "moderation/c/<int:pk>/<slug:action>/",
        moderation.moderation_comment_action,
        name="moderation_comment_action",
    ),
    path(
        "moderation/members/<int:pk>/",
        moderation_members.moderation_member,
        name="moderation_member",
    ),
    path(
        "moderation/members/<int:pk>/suspend/",
        moderation_members.moderation_member_suspend,
        name="moderation_member_suspend",
    ),
    path(
        "moderation/members/<int:pk>/unsuspend/",
        moderation_members.moderation_member_unsuspend,
        name="moderation_member_unsuspend",
    ),
    path(
        "moderation/discussions/<int:pk>/<slug:kind>/",
        moderation.moderation_discussion_action,
        name="moderation_discussion_action",
    ),
    path(
        "disclaimer/",
        TemplateView.as_view(template_name="forum/disclaimer_detail.html"),
        name="disclaimer_detail",
    ),
    path(
        "disclaimer/accept/",
        comments.disclaimer_accept,
        name="disclaimer_accept",
    ),
]
