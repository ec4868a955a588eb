"""The name a member posts under when they post without it (`Pseudonym`).

One per member and discussion, made on their first anonymous comment there
and kept: the same member is the same "Anonymous member · Quiet Heron"
throughout one discussion, so a conversation can be followed, and someone
else in the next. Labels are unique within a discussion. Which member holds
a label is known to the database and to nobody on a page: moderators find
out only through a logged "see who wrote it" (forum.services.anonymity).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Pseudonym(models.Model):
    discussion = models.ForeignKey(
        "forum.Discussion", on_delete=models.CASCADE, related_name="pseudonyms"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("pseudonym"), max_length=40)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "member"], name="forum_pseudonym_one_per_member"
            ),
            models.UniqueConstraint(
                fields=["discussion", "label"], name="forum_pseudonym_label_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} in discussion {self.discussion_id}"
