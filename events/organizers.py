"""Who organises an event: the roles organisations take, and the "Organized by" line.

The line is built from the ordered list, in the page's language, from the organisations'
names in that language: "Organized by ODIHR and ACCEPT, in co-operation with the OSCE
Mission to Skopje, with the support of Germany". Organisers and co-organisers share the
opening; the other roles follow in the order of their first appearance.
"""

from django.db import models
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.querysets import child_rows


class OrganizerRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    CO_ORGANIZER = "co-organizer", _("Co-organizer")
    IN_COOPERATION_WITH = "in-cooperation-with", _("In co-operation with")
    WITH_THE_SUPPORT_OF = "with-the-support-of", _("With the support of")


def clause(role, names, opening):
    """The part of the line for one role: "Organized by A and B", "with the support of C"."""
    names = get_text_list(names, gettext("and"))
    if role == "organized":
        return gettext("Organized by %(names)s") % {"names": names} if opening else names
    if role == OrganizerRole.IN_COOPERATION_WITH:
        return gettext("in co-operation with %(names)s") % {"names": names}
    return gettext("with the support of %(names)s") % {"names": names}


def organizer_names(page, translations=None):
    """``[(organisation, role)]`` in the page's order, each organisation in its language
    (looked up in ``translations``, a TranslationCache, when the caller has one)."""
    rows = organizer_rows(page)
    organizations = [row.organization for row in rows]
    if translations is None:
        organizations = localized(organizations, page.locale_id)
    else:
        organizations = [translations.localized(term, page.locale_id) for term in organizations]
    return [(organization, row.role) for organization, row in zip(organizations, rows, strict=True)]


def organizer_rows(page):
    """The page's organiser rows with their organisations, read once per page instance (the
    event page shows them twice: in its facts and in its structured data). Rows the page
    holds already (a preview's, or those the API prefetched) are taken as they are."""
    if "_organizer_rows" not in page.__dict__:
        page.__dict__["_organizer_rows"] = child_rows(page, "organizers", "organization")
    return page.__dict__["_organizer_rows"]


def organized_by(page, opening=True, translations=None):
    """The whole line in the page's language, or "" when the page names no organiser.

    Without the opening, the line follows an "Organized by:" label (the event page's facts):
    "ODIHR and ACCEPT, with the support of Germany".
    """
    clauses = {}
    for organization, role in organizer_names(page, translations):
        if role in (OrganizerRole.ORGANIZER, OrganizerRole.CO_ORGANIZER):
            role = "organized"
        clauses.setdefault(role, []).append(organization.name)
    if not clauses:
        return ""
    # The opening first, whatever the order of the roles; the others as they come.
    roles = sorted(clauses, key=lambda role: role != "organized")
    with translation.override(page.locale.language_code):
        parts = [clause(role, clauses[role], opening) for role in roles]
    line = ", ".join(parts)
    return line[:1].upper() + line[1:]
