"""A member's copy of their data (`DataExport`), for "Download my data".

Small accounts download at once; a large one is built by a task
(forum.services.exports.build_data_export) into `data` and the member is
told when it is ready. A copy
is kept CAIRN_EXPORT_KEEP_DAYS, then purged: it holds everything they
wrote and must not linger.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _expired(now=None) -> models.Q:
    cutoff = (now or timezone.now()) - timedelta(days=settings.CAIRN_EXPORT_KEEP_DAYS)
    return models.Q(finished_at__lt=cutoff) | models.Q(
        finished_at__isnull=True, requested_at__lt=cutoff
    )


class DataExportQuerySet(models.QuerySet):
    def of(self, member) -> "DataExportQuerySet":
        return self.filter(member=member)

    def expired(self, now=None) -> "DataExportQuerySet":
        """Ready more than CAIRN_EXPORT_KEEP_DAYS ago, or asked for that long
        ago and never built: to be deleted (forum.services.exports)."""
        return self.filter(_expired(now))

    def kept(self, now=None) -> "DataExportQuerySet":
        """Not expired (whether or not purged yet)."""
        return self.exclude(_expired(now))

    def ready(self) -> "DataExportQuerySet":
        return self.filter(finished_at__isnull=False)

    def waiting(self) -> "DataExportQuerySet":
        return self.filter(finished_at__isnull=True)


class DataExport(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    # The JSON document, as downloaded.
    data = models.TextField(blank=True, editable=False)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True, data="")
                | models.Q(finished_at__isnull=False),
                name="forum_dataexport_data_when_ready",
            ),
        ]

    def __str__(self) -> str:
        state = "ready" if self.finished_at else "being built"
        return f"Export for member {self.member_id} ({state})"

    def is_ready(self) -> bool:
        return self.finished_at is not None
