from django.core.management.base import BaseCommand, CommandError

from demo.content import DEMO_ADMIN_USERNAME, DEMO_HOSTNAME, DEMO_PORT, DemoContentLoader


def address(value):
    """``host:port`` as the site record stores it; a clear error otherwise."""
    hostname, _, port = value.rpartition(":")
    if not hostname or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--address must be host:port, such as 127.0.0.1:8000 (got {value!r})")
    return hostname, int(port)


class Command(BaseCommand):
    help = (
        "Load the demo content (the reference site's menu and event page, the vocabularies "
        "and the catalogue's real events, news and publications). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=f"{DEMO_HOSTNAME}:{DEMO_PORT}",
            help="host:port the demo is served at; the API's absolute URLs follow it "
            "(default: %(default)s, what make run serves).",
        )

    def handle(self, *args, **options):
        loader = DemoContentLoader(stdout=self.stdout, address=address(options["address"]))
        created = loader.load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({created} items created)."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        for title in loader.left_out["skipped"]:
            self.stdout.write(f"Not loaded (the catalogue gives no date): {title}")
        if loader.left_out["sections"]:
            kinds = ", ".join(sorted(loader.left_out["sections"]))
            self.stdout.write(f"Event sections without a body block yet, not loaded: {kinds}")
        self.stdout.write(f"Demo admin user: {DEMO_ADMIN_USERNAME}")
