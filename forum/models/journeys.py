"""A member's "MS journey": what they choose to tell about their MS.

Every field is empty and private until the member fills it in and says who
may see it, field by field (`Visibility`): only them, signed-in members, or
everyone. What a viewer may see is answered by `Journey.visible_to`, the one
place the rule lives (the member page, the export and the tests use it).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1940


class Visibility(models.TextChoices):
    ONLY_ME = "me", _("Only me")
    MEMBERS = "members", _("Signed-in members")
    EVERYONE = "everyone", _("Everyone")


class MSType(models.TextChoices):
    CIS = "cis", _("Clinically isolated syndrome (CIS)")
    RELAPSING = "rrms", _("Relapsing-remitting MS")
    SECONDARY = "spms", _("Secondary progressive MS")
    PRIMARY = "ppms", _("Primary progressive MS")
    NOT_SURE = "unsure", _("Not sure yet")


def visibility_field(label):
    return models.CharField(
        label, max_length=10, choices=Visibility, default=Visibility.ONLY_ME
    )


class Journey(models.Model):
    # The journey's parts, each with its visibility field `<part>_visibility`.
    PARTS = ("diagnosed", "ms_type", "current", "past")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journey"
    )
    diagnosed_year = models.PositiveSmallIntegerField(
        _("year diagnosed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )
    diagnosed_visibility = visibility_field(_("who sees the year diagnosed"))
    ms_type = models.CharField(
        _("type of MS"), max_length=10, choices=MSType, blank=True
    )
    ms_type_visibility = visibility_field(_("who sees the type of MS"))
    current_treatments = models.ManyToManyField(
        "forum.Treatment",
        blank=True,
        related_name="+",
        verbose_name=_("current treatments"),
    )
    current_other = models.CharField(
        _("other current treatments"), max_length=300, blank=True
    )
    current_visibility = visibility_field(_("who sees current treatments"))
    past_treatments = models.ManyToManyField(
        "forum.Treatment",
        blank=True,
        related_name="+",
        verbose_name=_("past treatments"),
    )
    past_other = models.CharField(
        _("other past treatments"), max_length=300, blank=True
    )
    past_visibility = visibility_field(_("who sees past treatments"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("MS journey")
        verbose_name_plural = _("MS journeys")
        constraints = [
            models.CheckConstraint(
                condition=Q(diagnosed_year__isnull=True)
                | Q(diagnosed_year__gte=FIRST_YEAR),
                name="forum_journey_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"MS journey of member {self.member_id}"

    def visibility_of(self, part: str) -> str:
        return getattr(self, f"{part}_visibility")

    def visible_to(self, viewer) -> set[str]:
        """The parts `viewer` may see (whether or not they hold anything):
        the member sees all of them; members what is shown to members or
        everyone; readers what is shown to everyone."""
        if viewer is not None and viewer.is_authenticated:
            if viewer.pk == self.member_id:
                return set(self.PARTS)
            allowed = {Visibility.MEMBERS, Visibility.EVERYONE}
        else:
            allowed = {Visibility.EVERYONE}
        return {part for part in self.PARTS if self.visibility_of(part) in allowed}
