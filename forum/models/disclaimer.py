from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DisclaimerQuerySet(models.QuerySet):
    def in_force(self, now=None) -> "DisclaimerQuerySet":
        return self.filter(published_at__lte=now or timezone.now()).order_by("-version")

    def current(self) -> "Disclaimer | None":
        return self.in_force().first()


class Disclaimer(models.Model):
    """One version of the medical disclaimer and community guidelines.

    Versions are never edited in place: members accept a specific version, so
    changing the wording creates the next version (see the admin). The newest
    version whose `published_at` has passed is the one in force.
    """

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences, shown in the footer and beside comment forms."
        ),
    )
    body = models.TextField(_("disclaimer (Markdown)"), max_length=10_000)
    body_html = models.TextField(editable=False)
    guidelines = models.TextField(
        _("community guidelines (Markdown)"), max_length=20_000
    )
    guidelines_html = models.TextField(editable=False)
    published_at = models.DateTimeField(_("in force from"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclaimer version")
        verbose_name_plural = _("disclaimer versions")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="forum_disclaimer_version_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclaimer v{self.version}"
