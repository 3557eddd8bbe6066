"""Rights of the editor groups that depend on content, not only on the model.

**Translators edit the page trees of the languages they translate into, and no other.**

Each language has its own home page directly under the tree root (``/en/``, ``/ru/``,
…). Translators hold ``change_page`` on every such home page except the default
language's, so they can translate and correct Russian pages but never change an
English one; they hold nothing on the root. (Editors and Moderators keep their rights
on the root, see ``home/migrations/0002_editor_groups.py``.)

Home pages are content, not schema, so a migration only moves what exists when it
runs (``0003_translators_by_language``). As for the moderation workflow
(``editorial.workflows``), two paths cover home pages made later:

- the demo loader's ``ensure_translator_permissions`` step;
- :func:`grant_on_new_language_root`, connected to ``post_save``, when a page is
  created under the root in a language other than the default (a home page added in
  the admin, or the translation of the English one that wagtail-localize creates).

**Replacing the file of a document or image that is in use is a Moderator's action**:
it changes every page that shows the file, at once, without moderation. The right is
the permission ``wagtaildocs.replace_document`` / ``wagtailimages.replace_image``
(created by ``home/migrations/0004_…``, granted to Moderators, shown in Settings →
Groups); :class:`FileReplacementMixin` checks it in the admin's forms. A file nothing
uses yet may be replaced by whoever may edit it.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page, ReferenceIndex

TRANSLATORS_GROUP = "Translators"
TRANSLATOR_PAGE_PERMISSIONS = ("change_page",)


def is_translated_language_root(page):
    """A home page of a language other than the default: the root of a translators' tree."""
    return page.depth == 2 and page.locale_id != Locale.get_default().pk


def grant_translators(page):
    """Give Translators their rights on ``page``, a language's home page; True when added."""
    group = Group.objects.filter(name=TRANSLATORS_GROUP).first()
    if group is None or not is_translated_language_root(page):
        return False
    added = False
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=TRANSLATOR_PAGE_PERMISSIONS
    ):
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )
        added = added or created
    return added


def language_roots():
    """The home pages of every language but the default."""
    return Page.objects.filter(depth=2).exclude(locale=Locale.get_default())


def grant_on_new_language_root(sender, instance, created, raw=False, **kwargs):
    """``post_save`` receiver: a new home page of a translated language."""
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        grant_translators(instance)


def replace_permission(model):
    """``"wagtaildocs.replace_document"`` for documents, ``"wagtailimages.replace_image"`` for images."""
    return f"{model._meta.app_label}.replace_{model._meta.model_name}"


def replace_permissions():
    """The permissions to replace the file of a document or an image in use."""
    models = (get_document_model(), get_image_model())
    return Permission.objects.filter(
        content_type__app_label__in=[model._meta.app_label for model in models],
        codename__in=[f"replace_{model._meta.model_name}" for model in models],
    )


def may_replace_file(user, instance):
    """Whether ``user`` may give ``instance`` (a document or an image) another file."""
    if user is not None and user.has_perm(replace_permission(type(instance))):
        return True
    return not ReferenceIndex.get_references_to(instance).exists()


class FileReplacementMixin:
    """For the admin's document and image forms: a file in use is replaced by Moderators only.

    The form is given the user (Wagtail's views pass ``user=``); without one, a file in
    use is not replaced.
    """

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, user=user, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if (
            self.instance.pk
            and "file" in self.changed_data
            and not may_replace_file(self.user, self.instance)
        ):
            self.add_error(
                "file",
                ValidationError(
                    _(
                        "This file is in use on the site, so only a moderator may replace "
                        "it. Upload the new file separately, or ask a moderator."
                    ),
                    code="file_in_use",
                ),
            )
        return cleaned_data
