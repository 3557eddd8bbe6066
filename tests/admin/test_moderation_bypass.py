"""Moderation cannot be bypassed: every way to publish takes the right to publish.

Each test does what a member of Editors or Translators could do in the admin, through
the real views, and checks what visitors see afterwards.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, PageLogEntry
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from demo.translation import translate_from_strings
from events.models import EventType
from home.models import StandardPage
from taxonomies.models import Organization
from tests import factories
from tests.helpers import form_errors, get_soup, png, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(db):
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def about_ru(site_tree, russian):
    """The live Russian "About us", made with wagtail-localize; its source has since changed."""
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    page = translate_from_strings(site_tree.about, russian, {"About us": "О нас"})
    site_tree.about.title = "About the institution"
    publish(site_tree.about)
    return page


def publications(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


def update_url(instance):
    source = TranslationSource.objects.get_for_instance(instance)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def refused(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def submitter(make_user):
    """Admin access and ``submit_translation``, nothing else."""
    user = make_user("submitter")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "submit_translation"])
    )
    return user


# "Sync translated pages" with "Publish immediately" ---------------------------------


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_syncing_with_publish_saves_drafts_for_those_who_may_not_publish(
    role, request, about_ru, client_for, client, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(role)
    url = update_url(about_ru.get_translation(Locale.get_default()))
    before = publications(about_ru)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(url, {"publish_translations": "on"})

    assert response.status_code == 302
    about_ru.refresh_from_db()
    assert (about_ru.live, about_ru.title) == (True, "О нас")
    assert publications(about_ru) == before
    # The synchronised text waits as a draft by this user, for a moderator.
    draft = about_ru.get_latest_revision()
    assert (draft.user, draft.as_object().title) == (user, "About the institution")
    assert about_ru.has_unpublished_changes
    assert "saved as drafts for moderation" in " ".join(messages_of(response))
    assert "<h1>О нас</h1>" in client.get("/ru/about-us/").text


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_the_publish_choice_is_not_offered_to_those_who_may_not_publish(
    role, request, about_ru, client_for
):
    url = update_url(about_ru.get_translation(Locale.get_default()))

    response = client_for(request.getfixturevalue(role)).get(url)

    assert response.status_code == 200
    assert 'name="publish_translations"' not in response.text


def test_a_moderator_still_syncs_and_publishes(
    about_ru, moderator, client_for, django_capture_on_commit_callbacks
):
    url = update_url(about_ru.get_translation(Locale.get_default()))
    assert 'name="publish_translations"' in client_for(moderator).get(url).text
    before = publications(about_ru)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(url, {"publish_translations": "on"})

    about_ru.refresh_from_db()
    assert about_ru.title == "About the institution"
    assert publications(about_ru) == before + 1


def test_syncing_a_snippets_translations_needs_the_change_permission(
    russian, make_user, editor, moderator, client_for
):
    """A term has no drafts: syncing stages what the next save of its translation publishes."""
    training = factories.EventTypeFactory(name="Training", slug="training")
    training_ru = translate_from_strings(training, russian, {"Training": "Тренинг"})
    training.name = "Training course"
    training.save()
    url = update_url(training)

    for user in (submitter(make_user), editor):
        response = client_for(user).post(url, {"publish_translations": "on"})
        training_ru.refresh_from_db()
        assert training_ru.name == "Тренинг"
        assert refused(response)
        assert refused(client_for(user).get(url))
    # A moderator may: saving a term without drafts is publishing it.
    client_for(moderator).post(url, {"publish_translations": "on"})
    assert EventType.objects.get(pk=training_ru.pk).name == "Training course"


# "Translate this page" --------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "translator", "moderator"])
def test_a_new_translation_of_a_live_page_is_a_draft(
    role, request, site_tree, russian, client_for, client, django_capture_on_commit_callbacks
):
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    url = reverse("wagtail_localize:submit_page_translation", args=[site_tree.about.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(role)).post(url, {"locales": [russian.pk]})

    assert response.status_code == 302
    about_ru = StandardPage.objects.get(
        translation_key=site_tree.about.translation_key, locale=russian
    )
    assert (about_ru.live, publications(about_ru)) == (False, 0)
    assert client.get("/ru/about-us/").status_code == 404


# The translation editor's "Publish" -------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_the_translation_editor_refuses_to_publish_for_those_who_may_not(
    role, request, about_ru, client_for, django_capture_on_commit_callbacks
):
    before = publications(about_ru)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(role)).post(
            reverse("wagtailadmin_pages:edit", args=[about_ru.pk]), {"action": "publish"}
        )

    assert refused(response)
    about_ru.refresh_from_db()
    assert (about_ru.title, publications(about_ru)) == ("О нас", before)


# "Convert to alias page" ------------------------------------------------------------


@pytest.fixture
def draft_contacts_ru(site_tree, russian):
    """A never-published Russian translation of a live English page."""
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    contacts = factories.StandardPageFactory(
        parent=site_tree.home, title="Contacts", slug="contacts"
    )
    publish(contacts)
    source, _ = TranslationSource.get_or_create_from_instance(contacts)
    Translation.objects.create(source=source, target_locale=russian).save_target(publish=False)
    return contacts.get_translation(russian)


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_converting_a_draft_translation_to_an_alias_is_refused_to_non_publishers(
    role, request, draft_contacts_ru, client_for, client
):
    url = reverse("wagtail_localize:convert_to_alias", args=[draft_contacts_ru.pk])
    user_client = client_for(request.getfixturevalue(role))

    response = user_client.post(url)

    draft_contacts_ru.refresh_from_db()
    assert (draft_contacts_ru.live, draft_contacts_ru.alias_of_id) == (False, None)
    assert client.get("/ru/contacts/").status_code == 404
    assert refused(response)
    assert refused(user_client.get(url))  # nor is the confirmation page shown


def test_a_moderator_may_convert_a_translation_to_an_alias(
    draft_contacts_ru, moderator, client_for
):
    url = reverse("wagtail_localize:convert_to_alias", args=[draft_contacts_ru.pk])

    response = client_for(moderator).post(url)

    assert response.status_code == 302
    draft_contacts_ru.refresh_from_db()
    assert draft_contacts_ru.alias_of_id is not None and draft_contacts_ru.live


def test_the_convert_to_alias_action_is_offered_to_publishers_only(
    draft_contacts_ru, translator, moderator, client_for
):
    # The page editor shows the action once the synced translation is stopped.
    Translation.objects.filter(target_locale=draft_contacts_ru.locale).update(enabled=False)
    url = reverse("wagtailadmin_pages:edit", args=[draft_contacts_ru.pk])

    assert "localize-convert-to-alias" in client_for(moderator).get(url).text
    assert "localize-convert-to-alias" not in client_for(translator).get(url).text


# Translators' trees -----------------------------------------------------------------


def page_permissions(group_name):
    return {
        (
            permission.page.locale.language_code,
            permission.page.depth,
            permission.permission.codename,
        )
        for permission in GroupPagePermission.objects.filter(group__name=group_name).select_related(
            "page__locale", "permission"
        )
    }


def test_translators_hold_rights_on_translated_languages_home_pages_only(site_tree, russian):
    assert page_permissions("Translators") == set()  # no Russian home page yet

    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})

    assert page_permissions("Translators") == {("ru", 2, "change_page")}


def test_a_translator_cannot_change_an_english_page(site_tree, russian, translator, client_for):
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    user_client = client_for(translator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[site_tree.about.pk])

    response = user_client.post(edit_url, {"title": "Changed", "slug": "about-us"})

    site_tree.about.refresh_from_db()
    assert site_tree.about.get_latest_revision_as_object().title == "About us"
    assert refused(response)
    assert refused(user_client.get(edit_url))
    # The explorer sends them from the English tree to the Russian one.
    explorer = user_client.get(reverse("wagtailadmin_explore", args=[site_tree.home.pk]))
    home_ru = site_tree.home.get_translation(russian)
    assert explorer["Location"] == reverse("wagtailadmin_explore", args=[home_ru.pk])


def test_a_translator_translates_into_the_russian_tree_and_edits_it(
    site_tree, russian, translator, client_for
):
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    user_client = client_for(translator)
    home_ru = site_tree.home.get_translation(russian)

    submitted = user_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[site_tree.about.pk]),
        {"locales": [russian.pk]},
    )

    about_ru = site_tree.about.get_translation(russian)
    assert submitted["Location"] == reverse("wagtailadmin_pages:edit", args=[about_ru.pk])
    editor = user_client.get(submitted["Location"])
    assert editor.status_code == 200
    assert "About us" in editor.text  # the source strings, in the translation editor
    explorer = user_client.get(reverse("wagtailadmin_explore", args=[home_ru.pk]))
    assert explorer.status_code == 200
    permissions = about_ru.permissions_for_user(translator)
    assert (permissions.can_edit(), permissions.can_publish()) == (True, False)


# Taxonomy terms: changes are a moderator's ------------------------------------------


def snippet_url(model, action, *args):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}", args=args
    )


@pytest.fixture
def odihr_event(site_tree):
    """A live event organised by ODIHR."""
    odihr = factories.OrganizationFactory(
        name="ODIHR", slug="odihr", url="https://www.osce.org/odihr"
    )
    event = factories.EventPageFactory(parent=site_tree.events, title="Roundtable", source=odihr)
    return publish(event)


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_renaming_an_organisation_is_refused_to_editors_and_translators(
    role, request, odihr_event, client_for, client
):
    odihr = odihr_event.source
    edit_url = snippet_url(Organization, "edit", odihr.pk)
    data = {"name": "Someone else", "slug": "odihr", "acronym": "", "url": "https://example.org"}

    response = client_for(request.getfixturevalue(role)).post(edit_url, data)

    odihr.refresh_from_db()
    assert (odihr.name, odihr.url) == ("ODIHR", "https://www.osce.org/odihr")
    api = client.get(f"/api/v2/pages/{odihr_event.pk}/").json()
    assert api["source"]["name"] == "ODIHR"
    assert refused(response)


def test_a_moderator_renames_an_organisation(odihr_event, moderator, client_for):
    odihr = odihr_event.source
    data = {
        "name": "ODIHR (OSCE)",
        "slug": "odihr",
        "acronym": "",
        "url": "https://odihr.org",
        "kind": "institution",
    }

    response = client_for(moderator).post(snippet_url(Organization, "edit", odihr.pk), data)

    assert response.status_code == 302
    odihr.refresh_from_db()
    assert (odihr.name, odihr.url) == ("ODIHR (OSCE)", "https://odihr.org")


def test_an_editor_adds_a_term_that_shows_nowhere_until_a_published_event_uses_it(
    site_tree, editor, moderator, client_for, client
):
    factories.EventPageFactory(
        parent=site_tree.events, event_type=factories.EventTypeFactory(name="Training")
    )
    response = client_for(editor).post(
        snippet_url(EventType, "add") + "?locale=en", {"name": "Closed summit", "slug": ""}
    )
    assert response.status_code == 302
    summit = EventType.objects.get(slug="closed-summit")

    def offered_types():
        form = get_soup(client.get("/en/events/")).find("select", attrs={"name": "type"})
        return [option["value"] for option in form.find_all("option")]

    assert offered_types() == ["", "training"]
    # Once a moderator publishes an event of that type, visitors may filter by it.
    factories.EventPageFactory(parent=site_tree.events, event_type=summit)
    assert offered_types() == ["", "closed-summit", "training"]


@pytest.fixture
def training_ru(russian):
    """A term and its Russian translation, made with wagtail-localize."""
    training = factories.EventTypeFactory(name="Training", slug="training")
    return translate_from_strings(training, russian, {"Training": "Тренинг"})


def test_an_editor_cannot_change_a_terms_translation_through_wagtail_localize(
    site_tree, russian, training_ru, editor, client_for, django_capture_on_commit_callbacks
):
    """Editors may add terms, which is all wagtail-localize asks to edit a term's strings;
    those strings are what the next save publishes, e.g. when any page using the term is
    translated."""
    translation = Translation.objects.get(
        target_locale=russian, source__object_id=training_ru.translation_key
    )
    segment = translation.source.stringsegment_set.get()
    user_client = client_for(editor)

    edited = user_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        encode_multipart(BOUNDARY, {"value": "Секретный саммит"}),  # as the editor sends it
        content_type=MULTIPART_CONTENT,
    )
    translate_from_strings(site_tree.home, russian, {"Home": "Главная"})
    event = factories.EventPageFactory(
        parent=site_tree.events, event_type=training_ru.get_translation(Locale.get_default())
    )
    with django_capture_on_commit_callbacks(execute=True):
        user_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[event.pk]),
            {"locales": [russian.pk]},
        )

    training_ru.refresh_from_db()
    assert training_ru.name == "Тренинг"
    assert edited.status_code in (302, 403)
    assert StringTranslation.objects.get(translation_of=segment.string, locale=russian).data == (
        "Тренинг"
    )


# Replacing a file in use: a moderator's action --------------------------------------


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
FILE_IN_USE = (
    "This file is in use on the site, so only a moderator may replace it. Upload the new "
    "file separately, or ask a moderator."
)


@pytest.fixture
def document_in_use(site_tree):
    document = factories.DocumentFactory(title="Annual report")
    resource = factories.ResourcePageFactory(parent=site_tree.resources, title="Annual report")
    factories.ResourceDocumentFactory(page=resource, document=document)
    publish(resource)  # indexes the page's references
    return document


@pytest.fixture
def image_in_use(site_tree):
    image = factories.ImageFactory(title="Witness")
    publish(factories.NewsPageFactory(parent=site_tree.news, image=image))
    return image


def replace_document(user_client, document):
    return user_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "file": SimpleUploadedFile("forged.pdf", PDF)},
    )


def replace_image(user_client, image):
    return user_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": image.title, "file": SimpleUploadedFile("forged.png", png())},
    )


def test_replacing_a_document_in_use_is_refused_to_an_editor(document_in_use, editor, client_for):
    before = document_in_use.file.name

    response = replace_document(client_for(editor), document_in_use)

    document_in_use.refresh_from_db()
    assert document_in_use.file.name == before
    assert form_errors(response) == {"file": [FILE_IN_USE]}


def test_replacing_an_image_in_use_is_refused_to_an_editor(image_in_use, editor, client_for):
    before = image_in_use.file.name

    response = replace_image(client_for(editor), image_in_use)

    image_in_use.refresh_from_db()
    assert image_in_use.file.name == before
    assert form_errors(response) == {"file": [FILE_IN_USE]}


def test_a_moderator_replaces_files_in_use(document_in_use, image_in_use, moderator, client_for):
    user_client = client_for(moderator)
    before = (document_in_use.file.name, image_in_use.file.name)

    assert replace_document(user_client, document_in_use).status_code == 302
    assert replace_image(user_client, image_in_use).status_code == 302

    document_in_use.refresh_from_db()
    image_in_use.refresh_from_db()
    assert document_in_use.file.name != before[0] and image_in_use.file.name != before[1]


def test_an_editor_replaces_the_file_of_a_document_nothing_uses(site_tree, editor, client_for):
    document = factories.DocumentFactory(title="Draft agenda")
    before = document.file.name

    assert replace_document(client_for(editor), document).status_code == 302

    document.refresh_from_db()
    assert document.file.name != before


def test_the_replace_right_is_shown_in_the_groups_settings(admin_client):
    moderators = Group.objects.get(name="Moderators")

    response = admin_client.get(reverse("wagtailusers_groups:edit", args=[moderators.pk]))

    assert response.status_code == 200
    for name in (
        "Can replace the file of a document in use",
        "Can replace the file of an image in use",
    ):
        assert name in response.text
