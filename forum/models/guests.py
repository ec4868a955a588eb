"""A reader without an account who wrote one comment (`Guest`).

One row per comment a guest sends. Until they open the link mailed to
`email`, the row holds the text (`body`) and there is no comment: nothing a
stranger types reaches the thread, the moderation queue or anyone's inbox
before the address is shown to be theirs. Confirming creates the comment
(held for review, like a new member's first comment), links it here and
empties `body`. `email` and `ip_hash` are for moderators and for mail to the
guest; nothing a reader sees reads them (forum.bylines shows `name` with a
"Guest" label). Unconfirmed rows are purged once their link has expired
(forum.services.guests).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.names import MAX_LENGTH


class GuestQuerySet(models.QuerySet):
    def unconfirmed(self) -> "GuestQuerySet":
        return self.filter(confirmed_at__isnull=True)

    def confirmed(self) -> "GuestQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def with_email(self, email: str) -> "GuestQuerySet":
        return self.filter(email=email.strip().lower())

    def sent_since(self, moment) -> "GuestQuerySet":
        return self.filter(created_at__gte=moment)


class Guest(models.Model):
    name = models.CharField(_("name"), max_length=MAX_LENGTH)
    email = models.EmailField(_("email address"))
    # A keyed hash of the address the comment was sent from (never the
    # address itself): lets moderators see that guests share a network.
    ip_hash = models.CharField(_("IP hash"), max_length=16, blank=True)
    discussion = models.ForeignKey(
        "forum.Discussion", on_delete=models.CASCADE, related_name="guests"
    )
    parent = models.ForeignKey(
        "forum.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The comment the guest replied to, if any."),
    )
    # The text until it is confirmed (then it lives in the comment).
    body = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Whether the guest wants an email when someone replies to their
    # comment; a one-click link in each such email turns it off.
    follows_replies = models.BooleanField(_("email me replies"), default=False)
    # The member this guest's comment was attached to after they signed up
    # with the same verified address.
    attached_to = models.ForeignKey(
        "forum.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GuestQuerySet.as_manager()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        indexes = [
            models.Index(fields=["email", "created_at"], name="forum_guest_email_idx"),
            models.Index(fields=["ip_hash", "created_at"], name="forum_guest_ip_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(body=""),
                name="forum_guest_confirmed_has_no_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"Guest {self.name} ({'confirmed' if self.confirmed_at else 'waiting'})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
