from datetime import UTC, datetime

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.names import (
    MAX_LENGTH,
    display_name_key,
    normalize_display_name,
    validate_display_name,
)

# A suspension "until further notice" is stored as this far-off moment, so
# one comparison with now answers whether any suspension is in force.
PERMANENT_SUSPENSION = datetime(9999, 1, 1, tzinfo=UTC)


class MemberQuerySet(models.QuerySet):
    def in_group(self, name: str) -> "MemberQuerySet":
        return self.filter(groups__name=name)

    def columnists(self) -> "MemberQuerySet":
        return self.in_group(Member.COLUMNISTS)

    def moderators(self) -> "MemberQuerySet":
        return self.in_group(Member.MODERATORS)

    def name_taken(self, display_name: str, *, exclude: "Member | None" = None) -> bool:
        """Whether another member's name reads the same (case, look-alikes),
        or another member gave it up recently or for good (NameReservation)."""
        key = display_name_key(display_name)
        others = self.filter(name_key=key)
        held = NameReservation.objects.in_force().filter(name_key=key)
        if exclude is not None and exclude.pk:
            others = others.exclude(pk=exclude.pk)
            held = held.exclude(member=exclude)
        return others.exists() or held.exists()


class MemberManager(BaseUserManager.from_queryset(MemberQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "Member":
        if not email:
            raise ValueError("A member needs an email address.")
        member = self.model(email=self.normalize_email(email).lower(), **extra)
        member.set_password(password)
        member.full_clean(exclude=["password", "name_key"])
        member.save(using=self._db)
        return member

    def create_superuser(
        self, email: str, password: str | None = None, **extra
    ) -> "Member":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one email per notification")
    DAILY = "daily", _("Once a day, in a digest")
    OFF = "off", _("Never: I will look at my notifications on the site")


class TextSize(models.TextChoices):
    # The classes templates/base.html puts on <html>: text-md, text-lg, ...
    NORMAL = "md", _("Normal")
    LARGE = "lg", _("Large")
    LARGER = "xl", _("Larger")
    LARGEST = "xxl", _("Largest")


class Theme(models.TextChoices):
    # "auto" follows the device (prefers-color-scheme: light or dark).
    AUTO = "auto", _("Match my device (light or dark)")
    HIGH_CONTRAST = "contrast", _("High contrast")
    CALM = "calm", _("Low stimulation: muted colours, no movement")


class Member(AbstractBaseUser, PermissionsMixin):
    """A person with an account. `display_name` is their only public identity;
    `email` is seen by the member and by staff, never by other members."""

    MEMBERS = "Members"
    COLUMNISTS = "Columnists"
    MODERATORS = "Moderators"

    class Trust(models.TextChoices):
        NEW = "new", _("New")
        TRUSTED = "trusted", _("Trusted")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=MAX_LENGTH,
        validators=[validate_display_name],
        help_text=_("Shown beside everything you write. 3 to 30 characters."),
    )
    # The comparison form of display_name (case-folded, look-alikes mapped):
    # unique, so "Ann", "ANN" and "4nn" cannot all exist.
    name_key = models.CharField(max_length=MAX_LENGTH, unique=True, editable=False)
    bio = models.TextField(_("bio"), blank=True, max_length=2000)
    trust = models.CharField(
        _("trust"), max_length=10, choices=Trust, default=Trust.NEW
    )
    suspended_until = models.DateTimeField(
        _("suspended until"),
        null=True,
        blank=True,
        help_text=_("While set in the future the member can read but not write."),
    )
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    # Outcomes of moderation the member has not been told about yet (a count
    # kept by forum.services, so a page asks the log only when it is not 0).
    unseen_notices = models.PositiveIntegerField(default=0, editable=False)
    notices_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Following and notifications (forum.services.following, .notifications).
    email_notifications = models.CharField(
        _("email me about notifications"),
        max_length=12,
        choices=EmailFrequency,
        default=EmailFrequency.DAILY,
    )
    follow_on_comment = models.BooleanField(
        _("follow a discussion when I comment in it"), default=True
    )
    notify_on_reply = models.BooleanField(
        _("notify me when someone replies to my comment"), default=True
    )
    notify_on_mention = models.BooleanField(
        _("notify me when someone mentions me"), default=True
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped when an unsubscribe link is used, so every link made before
    # (each one signs the number) is spent: a reused link is refused.
    unsubscribe_generation = models.PositiveIntegerField(default=0, editable=False)
    # Reading comfort, remembered across the member's devices (readers
    # without an account keep theirs in the browser: static/js/comfort.js).
    text_size = models.CharField(
        _("text size"), max_length=4, choices=TextSize, default=TextSize.NORMAL
    )
    theme = models.CharField(
        _("theme"), max_length=10, choices=Theme, default=Theme.AUTO
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="forum_member_display_name_ci_unique",
                violation_error_message=_("That display name is taken."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = normalize_display_name(self.display_name)
        self.name_key = display_name_key(self.display_name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        self.display_name = normalize_display_name(self.display_name)
        self.name_key = display_name_key(self.display_name)
        if self.display_name and Member.objects.name_taken(
            self.display_name, exclude=self
        ):
            raise ValidationError({"display_name": _("That display name is taken.")})

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def is_trusted(self) -> bool:
        return self.trust == self.Trust.TRUSTED

    def is_suspended_for_good(self) -> bool:
        return (
            self.suspended_until is not None
            and self.suspended_until >= PERMANENT_SUSPENSION
        )

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (
            now or timezone.now()
        )


class NameReservationQuerySet(models.QuerySet):
    def in_force(self, now=None) -> "NameReservationQuerySet":
        return self.filter(
            models.Q(reserved_until__isnull=True)
            | models.Q(reserved_until__gt=now or timezone.now())
        )


class NameReservation(models.Model):
    """A display name someone gave up, held back so that nobody else can
    take it and be mistaken for them: for a while after an ordinary rename,
    forever for staff, moderators and columnists (`reserved_until` empty)."""

    name_key = models.CharField(max_length=MAX_LENGTH, db_index=True)
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="name_reservations"
    )
    reserved_until = models.DateTimeField(_("reserved until"), null=True, blank=True)
    created_at = models.DateTimeField(_("reserved at"), default=timezone.now)

    objects = NameReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reserved display name")
        verbose_name_plural = _("reserved display names")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name_key"], name="forum_namereservation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_key} (held for member {self.member_id})"
