"""The shared vocabularies: a translatable term base, fields of work and organisations.

Events, news and resources point at the same terms, so ``?field_of_work=elections`` means
the same on every endpoint. Both models moved here from ``events`` with their rows, their
content types and so their permissions (migrations events 0007, taxonomies 0001).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Taxonomy(TranslatableMixin, index.Indexed, models.Model):
    """A translatable term with a name and a slug shared by all its translations.

    The slug is synchronised, not translated, so ``?event_type=training`` means the
    same thing in every language.
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        blank=True,
        help_text=_("Used in filters and URLs. Leave blank to derive it from the name."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="%(app_label)s_%(class)s_unique_slug_locale"
            ),
        ]

    def __str__(self):
        return self.name

    def api_representation(self):
        return {"id": self.pk, "name": self.name, "slug": self.slug}

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError(
                {"slug": _("Enter a slug made of Latin letters, digits or hyphens.")}
            )
        clash = type(self).objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.translation_key:
            clash = clash.exclude(translation_key=self.translation_key)
        if clash.exists():
            raise ValidationError(
                {"slug": _("Another entry in this language already uses this slug.")}
            )


class FieldOfWork(Taxonomy):
    """A broad field of the institution's work, e.g. "Tolerance and non-discrimination"."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


class OrganizationKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    SECRETARIAT_UNIT = "secretariat-unit", _("Secretariat unit")
    FIELD_OPERATION = "field-operation", _("Field operation")
    CHAIRMANSHIP = "chairmanship", _("Chairmanship")
    PARLIAMENTARY_ASSEMBLY = "parliamentary-assembly", _("Parliamentary assembly")
    EXTERNAL_PARTNER = "external-partner", _("External partner")


class OrganizationQuerySet(models.QuerySet):
    def open(self):
        """Organisations that can be chosen for new content (closed ones keep resolving)."""
        return self.filter(closed=False)

    def institution(self, locale):
        """The institution itself (``settings.INSTITUTION_ACRONYM``, by default ODIHR) in
        ``locale`` (or its id), or None where it does not exist yet: what new content defaults to.

        Found through any of its translations, since the acronym is translated too (БДИПЧ).
        """
        acronym = getattr(settings, "INSTITUTION_ACRONYM", "ODIHR")
        key = self.filter(acronym=acronym).values("translation_key")[:1]
        return self.filter(translation_key__in=key, locale=locale).first()


class Organization(Taxonomy):
    """An organisation that organises events, issues news or publishes, e.g. ODIHR.

    A closed one (a field operation that ended, a past chairmanship) stays on the content
    that names it, in the API and its filters, but is no longer offered for new content.
    """

    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    url = models.URLField(_("website"), blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=OrganizationKind.choices,
        default=OrganizationKind.EXTERNAL_PARTNER,
    )
    closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_(
            "A closed organisation stays on the content that names it, but is no longer "
            "offered for new content."
        ),
    )

    objects = OrganizationQuerySet.as_manager()

    panels = Taxonomy.panels + [
        FieldPanel("acronym"),
        FieldPanel("url"),
        FieldPanel("kind"),
        FieldPanel("closed"),
    ]
    translatable_fields = Taxonomy.translatable_fields + [
        TranslatableField("acronym"),
        SynchronizedField("url"),
        SynchronizedField("kind"),
        SynchronizedField("closed"),
    ]
    search_fields = Taxonomy.search_fields + [index.SearchField("acronym")]
    api_fields = Taxonomy.api_fields + [
        APIField("acronym"),
        APIField("url"),
        APIField("kind"),
        APIField("closed"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def api_representation(self):
        return {
            **super().api_representation(),
            "acronym": self.acronym,
            "url": self.url,
            "kind": self.kind,
            "closed": self.closed,
        }
