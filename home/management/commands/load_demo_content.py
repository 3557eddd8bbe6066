from django.core.management.base import BaseCommand

from home.demo_content import DEMO_ADMIN_USERNAME, DemoContentLoader


class Command(BaseCommand):
    help = "Load the demo content (the reference site's menu and event page). Safe to run again."

    def handle(self, *args, **options):
        created = DemoContentLoader(stdout=self.stdout).load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({created} items created)."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        self.stdout.write(f"Demo admin user: {DEMO_ADMIN_USERNAME}")
