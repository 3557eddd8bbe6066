import time

from django.core.management.base import BaseCommand, CommandError

from demo.large_site import LargeSiteGenerator


class Command(BaseCommand):
    help = (
        "Add a large realistic site to a database that holds the demo content: events and "
        "news items, each translated into every other site language, written in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000, help="events (default 10000)")
        parser.add_argument("--news", type=int, default=3_000, help="news items (default 3000)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--no-translations", action="store_true", help="the default language only"
        )
        parser.add_argument("--no-revisions", action="store_true", help="no page revisions")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="leave the search index alone (run update_index afterwards)",
        )

    def handle(self, *args, **options):
        if options["events"] < 0 or options["news"] < 0:
            raise CommandError("--events and --news must not be negative.")
        started = time.perf_counter()
        generator = LargeSiteGenerator(
            events=options["events"],
            news=options["news"],
            seed=options["seed"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
            translations=not options["no_translations"],
            revisions=not options["no_revisions"],
            search_index=not options["no_search_index"],
        )
        try:
            created = generator.generate()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created['events']} events and {created['news']} news items "
                f"({created['pages']} pages with translations) in {seconds:.1f} s."
            )
        )
        phases = ", ".join(f"{name} {value:.1f} s" for name, value in generator.timings.items())
        self.stdout.write(f"Time per phase: {phases}.")
