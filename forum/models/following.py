"""A member's relation to one discussion: whether they follow it, and when
they last read it (`Subscription`, one row per member and discussion)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriptionQuerySet(models.QuerySet):
    def following(self) -> "SubscriptionQuerySet":
        return self.filter(following=True)

    def of(self, member, discussion) -> "SubscriptionQuerySet":
        return self.filter(member=member, discussion=discussion)


class Subscription(models.Model):
    """Whether `member` follows `discussion`, and when they last read it.

    `following` is None until the member chooses: then the defaults decide
    (the host's author follows their own page's discussion; see
    forum.services.following.is_following). Commenting makes it True, unless
    the member turned that off or chose False ("Unfollow discussion"), which
    nothing but the member changes back. `seen_at` is when they last read
    it and `new_since` where the current visit's "New" comments begin."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    discussion = models.ForeignKey(
        "forum.Discussion", on_delete=models.CASCADE, related_name="subscriptions"
    )
    following = models.BooleanField(_("following"), null=True, blank=True)
    changed_at = models.DateTimeField(_("followed or unfollowed at"), null=True)
    seen_at = models.DateTimeField(_("last read"), null=True, blank=True)
    # Comments after this are "New" for the member's current visit: the
    # time they last read the discussion before it (forum.services.following).
    new_since = models.DateTimeField(_("new since"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "discussion"], name="forum_subscription_once"
            ),
        ]
        indexes = [
            # The fan-out reads a discussion's followers in member order.
            models.Index(
                fields=["discussion", "member"],
                condition=Q(following=True),
                name="forum_subscription_followers",
            ),
        ]

    def __str__(self) -> str:
        state = {True: "follows", False: "unfollowed", None: "visited"}[self.following]
        return f"Member {self.member_id} {state} discussion {self.discussion_id}"
