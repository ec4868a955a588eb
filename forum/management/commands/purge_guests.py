"""Delete guest comments nobody confirmed (forum.services.guest_records.purge_expired).

Run once a day by cron or a systemd timer, beside `send_digests`. A row is
kept CAIRN_GUEST_KEEP_EXPIRED_DAYS after its link expired, so a guest who
opens the link late still gets their text back; then the text, the name and
the address go.
"""

from django.core.management.base import BaseCommand

from forum.services.guest_records import purge_expired


class Command(BaseCommand):
    help = "Delete unconfirmed guest comments whose link expired some days ago."

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(f"Unconfirmed guest comments deleted: {deleted}.")
