"""Which pages go through the "Moderators approve" workflow, and how they get it.

The workflow itself (one GroupApprovalTask for the Moderators group) is created by
the data migration ``home/migrations/0002_editor_groups.py``. It applies to the
Events and News index pages, and through them to every event and news item: Wagtail
uses the workflow of a page's nearest ancestor that has one.

Index pages are content, not schema, so no migration can assign it. Two paths do:

- the demo loader's ``ensure_moderation_workflows`` step, for the demo tree;
- :func:`assign_on_first_publication`, connected to Wagtail's ``page_published``
  signal, for an index page published for the first time any other way (created in
  the admin, or a translation made with wagtail-localize).

Both only fill a gap: a page that already has a workflow of its own (an editor may
have chosen another one in Settings → Workflows) keeps it.
"""

from wagtail.models import Workflow, WorkflowPage

MODERATION_WORKFLOW_NAME = "Moderators approve"

# The index pages whose subtrees are moderated, as "app_label.ModelName".
MODERATED_INDEX_PAGE_TYPES = ("events.EventIndexPage", "news.NewsIndexPage")


def moderation_workflow():
    """The active "Moderators approve" workflow, or None when it has been disabled."""
    return Workflow.objects.filter(name=MODERATION_WORKFLOW_NAME, active=True).first()


def is_moderated_index(page):
    return page.specific_class is not None and page.specific_class._meta.label in (
        MODERATED_INDEX_PAGE_TYPES
    )


def assign_moderation_workflow(page):
    """Assign "Moderators approve" to ``page`` unless it has a workflow of its own.

    Returns True when it assigned it.
    """
    workflow = moderation_workflow()
    if workflow is None or WorkflowPage.objects.filter(page=page).exists():
        return False
    WorkflowPage.objects.create(page=page, workflow=workflow)
    return True


def assign_on_first_publication(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver: a moderated index page, published for the first time.

    Later publications leave the assignment alone, so a moderator who removed it on
    purpose is not overruled by the next edit.
    """
    first_publication = instance.first_published_at == instance.last_published_at
    if first_publication and is_moderated_index(instance):
        assign_moderation_workflow(instance)
