from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The background worker: scheduled publishing as a periodic task, the admin's report
    of task results, and the deployment check of the task backend."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "worker"
    verbose_name = "Background worker"

    def ready(self):
        from worker import checks  # noqa: F401 - registers the check
