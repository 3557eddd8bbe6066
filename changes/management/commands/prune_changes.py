from django.core.management.base import BaseCommand

from changes.feed import prune, reconcile


class Command(BaseCommand):
    help = (
        "Catch the change feed up with the public pages, then delete its entries older than "
        "CHANGES_RETENTION_DAYS (each public page's newest entry is kept)."
    )

    def handle(self, *args, **options):
        appended = reconcile()
        deleted = prune()
        self.stdout.write(f"{appended} entries appended, {deleted} pruned")
