"""wagtail-localize's admin views, with publishing left to the people who may publish.

Out of the box, wagtail-localize lets anyone with ``submit_translation`` and edit rights
publish: "Sync translated pages" with "Publish immediately", "Convert to alias page"
(the alias mirrors its live source), and, for snippets without drafts such as our
taxonomies, any save of a translation. Here:

- :class:`ModeratedUpdateTranslationsView` replaces ``/admin/localize/update/<id>/``:
  "Publish immediately" is offered only to those who may publish every target; for
  anyone else a posted value saves drafts instead (the moderation workflow applies).
- :func:`convert_to_alias` replaces ``/admin/localize/page/<id>/convert_to_alias/``:
  refused to those who may not publish the page.
- New translations of pages are created as drafts for everyone
  (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``): a copy in the source
  language must never go live under another language's URL.
- The translation editor's own "Publish" already requires ``can_publish``.
- Taxonomy terms have no drafts: what their translations hold is what the next save
  (by anyone translating a page that uses the term) publishes. So syncing a term's
  translations, and changing their strings (the translation editor, PO upload), take
  the change permission on the model (:func:`snippet_strings_view`), which only
  Moderators hold.

The views are registered on wagtail-localize's own paths through Wagtail's
``register_admin_urls`` hook, ahead of wagtail-localize's (``home.wagtail_hooks``), so
its links and ``reverse()`` calls reach them. Written against wagtail-localize 1.14.
"""

import contextlib
import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import Translation, TranslationLog
from wagtail_localize.views import convert, edit_translation
from wagtail_localize.views.update_translations import UpdateTranslationsView


def target_instance(translation):
    """The object a translation writes to, or None while it does not exist."""
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist:
        return None


def saving_publishes(model):
    """Whether saving an object of ``model`` changes what visitors see (no drafts)."""
    return not issubclass(model, DraftStateMixin)


def may_change_snippet_translations(user, source):
    """For a snippet without drafts: only those who may change it touch its translations."""
    model = source.specific_content_type.model_class()
    return not saving_publishes(model) or user.has_perm(get_permission_name("change", model))


def can_publish_translation(user, translation):
    """Whether ``user`` may publish the target of ``translation`` (a page or a snippet).

    Saving a snippet without drafts (our taxonomies) is publishing it, so for those the
    change permission on the model decides.
    """
    instance = target_instance(translation)
    if instance is None:
        source = translation.source.get_source_instance()
        if not isinstance(source, Page):
            return user.has_perm(get_permission_name("add", type(source)))
        # A missing page is created under the translation of its parent.
        parent = source.get_parent().get_translation_or_none(translation.target_locale)
        return parent is not None and parent.permissions_for_user(user).can_publish_subpage()
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return user.has_perm(get_permission_name(action, type(instance)))


def save_translation_draft(translation, user):
    """Apply a translation's current strings to its target as a draft; True when saved.

    ``Translation.save_target(publish=False)`` is no draft for a live page: it saves the
    translated fields on the page itself, which is what visitors see, and only then
    adds a revision. So a live target gets a new revision built from the translated
    object in memory (``save_revision`` touches no content field), as the page editor
    saves a draft. Objects that cannot hold a draft (aliases, snippets without drafts)
    are left alone.
    """
    instance = target_instance(translation)
    if instance is None:
        if not isinstance(translation.source.get_source_instance(), DraftStateMixin):
            return False
        translation.save_target(user=user, publish=False)  # a new object, not live
        return True
    if not isinstance(instance, DraftStateMixin):
        return False  # saving it would publish it
    if not instance.live:
        translation.save_target(user=user, publish=False)  # nothing visible changes
        return True
    if getattr(instance, "alias_of_id", None):
        return False
    draft = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    revision = draft.save_revision(user=user, log_action=True)
    TranslationLog.objects.create(
        source=translation.source, locale=translation.target_locale, revision=revision
    )
    return True


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    """The "Sync translated pages" (and snippets) view, publishing only for those who may."""

    def dispatch(self, request, *args, **kwargs):
        source = self.get_object()
        if not may_change_snippet_translations(request.user, source):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def enabled_translations(self):
        return list(
            self.object.translations.filter(enabled=True).select_related("source", "target_locale")
        )

    @cached_property
    def may_publish(self):
        return all(
            can_publish_translation(self.request.user, translation)
            for translation in self.enabled_translations
        )

    def get_form(self):
        form = super().get_form()
        if not self.may_publish:
            del form.fields["publish_translations"]
        return form

    @transaction.atomic
    def form_valid(self, form):
        if self.may_publish:
            return super().form_valid(form)
        # A value posted although the checkbox was not offered.
        wanted = forms.CheckboxInput().value_from_datadict(
            self.request.POST, self.request.FILES, "publish_translations"
        )
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        if wanted:
            saved = []
            for translation in self.enabled_translations:
                with contextlib.suppress(ValidationError):
                    if save_translation_draft(translation, self.request.user):
                        saved.append(translation)
            if saved:
                messages.info(
                    self.request,
                    _(
                        "You may not publish these translations, so they were saved as "
                        "drafts for moderation."
                    ),
                )
            if len(saved) < len(self.enabled_translations):
                messages.warning(
                    self.request,
                    _(
                        "Some translations could not be saved as drafts (an alias page "
                        "has none): a moderator can apply them."
                    ),
                )
        return response


def convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias page", for those who may publish the page.

    The alias takes its source's content and live state at once, so converting a
    draft translation of a live page publishes it.
    """
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def snippet_strings_view(view):
    """One of wagtail-localize's views that change a translation's strings, for snippets
    without drafts held to the change permission (wagtail-localize asks only for add)."""

    @functools.wraps(view)
    def wrapped(request, *args, translation_id, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        if not may_change_snippet_translations(request.user, translation.source):
            raise PermissionDenied
        return view(request, *args, translation_id=translation_id, **kwargs)

    return wrapped


edit_string_translation = snippet_strings_view(edit_translation.edit_string_translation)
edit_override = snippet_strings_view(edit_translation.edit_override)
upload_pofile = snippet_strings_view(edit_translation.upload_pofile)
machine_translate = snippet_strings_view(edit_translation.machine_translate)
