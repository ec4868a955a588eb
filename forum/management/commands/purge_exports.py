"""Delete members' data exports CAIRN_EXPORT_KEEP_DAYS after they were made
(forum.services.exports.purge_exports).

Run once a day by cron or a systemd timer, beside `purge_guests`: a copy
holds everything a member wrote and must not linger.
"""

from django.core.management.base import BaseCommand

from forum.services.exports import purge_exports


class Command(BaseCommand):
    help = "Delete data exports made more than CAIRN_EXPORT_KEEP_DAYS ago."

    def handle(self, *args, **options):
        deleted = purge_exports()
        self.stdout.write(f"Data exports deleted: {deleted}.")
