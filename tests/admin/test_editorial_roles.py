"""Editorial roles and moderation (home/migrations/0002_editor_groups.py, editorial.workflows)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import page_published

from editorial.workflows import MODERATION_WORKFLOW_NAME, assign_on_first_publication
from events.models import EventPage
from news.models import NewsIndexPage
from tests import factories
from tests.helpers import event_form_data

pytestmark = pytest.mark.django_db


def root_page_permissions(group_name):
    return set(
        GroupPagePermission.objects.filter(
            group__name=group_name, page=Page.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def root_collection_permissions(group_name):
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def model_permissions(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


# The groups -------------------------------------------------------------------------


def test_each_role_has_the_page_permissions_of_its_job():
    assert root_page_permissions("Editors") == {"add_page", "change_page"}
    assert root_page_permissions("Moderators") == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    # Translators edit the trees of translated languages only (tests/admin/test_moderation_bypass.py).
    assert root_page_permissions("Translators") == set()


def test_images_and_documents_per_role():
    everything = {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert root_collection_permissions("Editors") >= everything
    assert root_collection_permissions("Moderators") >= everything
    assert root_collection_permissions("Translators") == {"choose_image", "choose_document"}


def test_admin_access_translation_and_taxonomy_permissions_per_role():
    # Fields of work and organisations moved to the taxonomies app with their permissions.
    taxonomies = [
        ("events", "eventtype"),
        ("taxonomies", "fieldofwork"),
        ("taxonomies", "organization"),
        ("resources", "resourcecollection"),
    ]
    common = {("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")}

    def on_taxonomies(*actions):
        return {
            (app_label, f"{action}_{model}")
            for app_label, model in taxonomies
            for action in actions
        }

    editors, moderators, translators = (
        model_permissions(name) for name in ("Editors", "Moderators", "Translators")
    )
    # Terms have no drafts, so changing one is a moderator's (home/migrations/0004_…);
    # editors may add new ones while writing an event.
    assert editors >= common | on_taxonomies("add", "view")
    assert not editors & on_taxonomies("change", "delete")
    assert moderators >= common | on_taxonomies("add", "change", "delete", "view")
    assert translators == common | on_taxonomies("view")


def test_only_moderators_may_replace_files_in_use():
    replace = {("wagtaildocs", "replace_document"), ("wagtailimages", "replace_image")}
    assert [
        model_permissions(name) & replace for name in ("Editors", "Moderators", "Translators")
    ] == [set(), replace, set()]


def test_nobody_but_moderators_may_publish(editor, moderator, translator):
    policy = PagePermissionPolicy()
    assert [
        policy.user_has_permission(user, "publish") for user in (editor, moderator, translator)
    ] == [False, True, False]


def test_the_moderation_workflow_is_one_approval_by_moderators():
    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW_NAME)
    tasks = [task.specific for task in workflow.tasks]
    assert workflow.active
    assert [type(task) for task in tasks] == [GroupApprovalTask]
    assert [group.name for group in tasks[0].groups.all()] == ["Moderators"]


# Where the workflow applies -----------------------------------------------------------


def test_events_and_their_children_go_through_moderators_approve(moderated_tree):
    event = factories.EventPageFactory(parent=moderated_tree.events)
    assert moderated_tree.events.get_workflow().name == MODERATION_WORKFLOW_NAME
    assert event.get_workflow().name == MODERATION_WORKFLOW_NAME
    assert moderated_tree.news.get_workflow().name == MODERATION_WORKFLOW_NAME
    # Other pages keep Wagtail's default workflow on the root.
    assert moderated_tree.about.get_workflow().name == "Moderators approval"


def test_an_index_page_gets_the_workflow_when_first_published(site_tree):
    news = NewsIndexPage(title="More news", slug="more-news")
    site_tree.home.add_child(instance=news)
    assert not WorkflowPage.objects.filter(page=news).exists()

    news.save_revision().publish()

    assert WorkflowPage.objects.get(page=news).workflow.name == MODERATION_WORKFLOW_NAME


def test_a_removed_assignment_is_not_forced_back_by_the_next_publication(site_tree):
    news = NewsIndexPage(title="More news", slug="more-news")
    site_tree.home.add_child(instance=news)
    news.save_revision().publish()
    WorkflowPage.objects.filter(page=news).delete()  # a moderator's decision

    news.refresh_from_db()  # as the admin loads it
    news.save_revision().publish()

    assert not WorkflowPage.objects.filter(page=news).exists()


def test_an_index_page_with_a_workflow_of_its_own_keeps_it(site_tree):
    own = Workflow.objects.create(name="Legal review")
    WorkflowPage.objects.create(page=site_tree.events, workflow=own)
    site_tree.events.first_published_at = site_tree.events.last_published_at = None

    assign_on_first_publication(sender=type(site_tree.events), instance=site_tree.events)

    assert WorkflowPage.objects.get(page=site_tree.events).workflow == own


def test_other_pages_are_not_assigned_the_workflow(site_tree):
    page_published.send(sender=type(site_tree.about), instance=site_tree.about, revision=None)
    assert not WorkflowPage.objects.filter(page=site_tree.about).exists()


def test_the_demo_loader_assigns_it_to_every_events_and_news_index(shared_demo_site):
    from events.models import EventIndexPage

    indexes = [*EventIndexPage.objects.all(), *NewsIndexPage.objects.all()]
    assert {page.locale.language_code for page in indexes} == {"en", "ru"}
    assert {page.title: WorkflowPage.objects.get(page=page).workflow.name for page in indexes} == {
        page.title: MODERATION_WORKFLOW_NAME for page in indexes
    }


def test_the_demo_loader_gives_translators_the_russian_tree(shared_demo_site):
    """Translators edit the Russian home page and below, nothing else (editorial.roles)."""
    granted = GroupPagePermission.objects.filter(group__name="Translators")
    assert {
        (grant.page.locale.language_code, grant.page.depth, grant.permission.codename)
        for grant in granted.select_related("page__locale", "permission")
    } == {("ru", 2, "change_page")}


# What each role can do in the admin --------------------------------------------------


def add_event_url(tree):
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", tree.events.pk])


def test_an_editor_cannot_publish_the_publish_action_is_refused(moderated_tree, editor, client_for):
    event_type = factories.EventTypeFactory()
    data = event_form_data(event_type=event_type.pk, **{"action-publish": "action-publish"})

    response = client_for(editor).post(add_event_url(moderated_tree), data)

    assert response.status_code == 302
    event = EventPage.objects.get(slug="roundtable-on-hate-crime-data")
    # Saved as a draft, never published.
    assert (event.live, event.live_revision_id, event.first_published_at) == (False, None, None)
    assert event.get_latest_revision().user == editor


def test_an_editor_cannot_publish_an_existing_page_either(moderated_tree, editor, client_for):
    event = factories.EventPageFactory(parent=moderated_tree.events, title="Before")
    event.save_revision().publish()
    data = event_form_data(
        title="After",
        slug=event.slug,
        event_type=event.event_type_id,
        **{"action-publish": "action-publish"},
    )

    response = client_for(editor).post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.has_unpublished_changes) == ("Before", True)
    assert event.get_latest_revision_as_object().title == "After"


def test_the_publish_action_itself_refuses_an_editor(moderated_tree, editor):
    from wagtail.actions.publish_page_revision import PublishPagePermissionError

    event = factories.EventPageFactory(parent=moderated_tree.events, live=False)
    revision = event.save_revision(user=editor)

    with pytest.raises(PublishPagePermissionError):
        revision.publish(user=editor)
    event.refresh_from_db()
    assert event.live is False


def test_an_editor_submits_and_a_moderator_approves(moderated_tree, editor, moderator, client_for):
    event_type = factories.EventTypeFactory()
    # What publishing needs is needed to submit it for moderation too.
    data = event_form_data(
        event_type=event_type.pk,
        source=factories.OrganizationFactory().pk,
        fields_of_work=[factories.FieldOfWorkFactory().pk],
        **{"action-submit": "action-submit"},
    )

    client_for(editor).post(add_event_url(moderated_tree), data)

    event = EventPage.objects.get(slug="roundtable-on-hate-crime-data")
    state = event.current_workflow_state
    assert (event.live, state.status, state.workflow.name) == (
        False,
        "in_progress",
        MODERATION_WORKFLOW_NAME,
    )
    # The editor may not approve their own submission; the moderator may.
    task = state.current_task_state.task.specific
    assert [name for name, *_ in task.get_actions(event, editor)] == []
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[event.pk, "approve", state.current_task_state.pk],
    )
    client_for(editor).post(approve_url)
    event.refresh_from_db()
    assert (event.live, event.current_workflow_state.status) == (False, "in_progress")

    response = client_for(moderator).post(approve_url)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live and event.current_workflow_state is None


def test_a_translator_can_open_wagtail_localize_but_not_publish(
    site_tree, translator, make_user, client_for
):
    url = reverse("wagtail_localize:submit_page_translation", args=[site_tree.about.pk])
    assert client_for(translator).get(url).status_code == 200
    # Someone with admin access but no translation permission is turned away.
    nobody = make_user("nobody")
    nobody.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(codename="access_admin")
    )
    assert client_for(nobody).get(url).status_code in (302, 403)
    # They translate from English pages but may not change them.
    assert not site_tree.about.permissions_for_user(translator).can_publish()
    assert not site_tree.about.permissions_for_user(translator).can_edit()
