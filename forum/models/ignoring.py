"""A member's "Ignore member" list (`Ignore`).

What it does is decided in forum.services.ignoring: the ignored member's
comments show collapsed for the one who ignores them, and cannot notify
them. It never touches a moderator's note or moderation itself, and it is
never told to the member ignored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Ignore(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ignores"
    )
    ignored = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("ignored member")
        verbose_name_plural = _("ignored members")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "ignored"], name="forum_ignore_once"
            ),
            models.CheckConstraint(
                condition=~Q(member=F("ignored")), name="forum_ignore_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["ignored"], name="forum_ignore_ignored_idx"),
        ]

    def __str__(self) -> str:
        return f"Member {self.member_id} ignores member {self.ignored_id}"
