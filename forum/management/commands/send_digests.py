"""Queue today's notification digests (forum.services.notification_digest).

Run once a day by cron or a systemd timer (see the README); the task
worker (`manage.py db_worker`) sends them. Running it twice sends nothing
twice: each notification is claimed by the first digest that mails it.
"""

from django.core.management.base import BaseCommand

from forum.services.notification_digest import send_digests


class Command(BaseCommand):
    help = "Queue the daily notification digests for the task worker to send."

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Daily digests queued (task {result.id}).")
