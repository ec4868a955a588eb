from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forum.disclaimers import forget_current_disclaimer
from forum.models import Disclaimer


@receiver([post_save, post_delete], sender=Disclaimer)
def disclaimer_changed(**kwargs) -> None:
    # Now, and again after commit: a request between the save and the commit
    # could cache the old version.
    forget_current_disclaimer()
    transaction.on_commit(forget_current_disclaimer)
