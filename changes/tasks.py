"""The change feed's background work: catching up after a commit, pruning old entries."""

from django_tasks import task

from changes.feed import prune, reconcile


@task()
def reconcile_task():
    """Append the entries of the content just committed, then prune what is past retention."""
    reconcile()
    prune()
