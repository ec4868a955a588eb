"""The list of MS therapies editors keep (`Treatment`).

Members pick from it for their MS journey (forum.models.journeys); search
and treatment pages (later) read its other names as synonyms. Editors own
the words: a short, neutral description, never advice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TreatmentQuerySet(models.QuerySet):
    def listed(self) -> "TreatmentQuerySet":
        return self.filter(is_listed=True)


class Treatment(models.Model):
    class Kind(models.TextChoices):
        INFUSION = "infusion", _("Infusion")
        INJECTION = "injection", _("Injection")
        TABLET = "tablet", _("Tablet or capsule")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Brand names, the generic name, abbreviations: one per line. "
            "Searching for any of them finds this treatment."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.OTHER)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=2000,
        help_text=_("Two or three neutral sentences. Never advice."),
    )
    # Retired from the picker without losing what members already chose.
    is_listed = models.BooleanField(_("offered to members"), default=True)

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        """The name first, then its other names, without blanks or repeats."""
        names = [self.name]
        for line in self.other_names.splitlines():
            line = line.strip()
            if line and line.casefold() not in {n.casefold() for n in names}:
                names.append(line)
        return names
