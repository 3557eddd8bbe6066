"""The languages of the institution's region, by Django's own names for them: the languages
events are held and interpreted in (events.taking_part) and publications' files come in
(resources.models)."""

from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

# ISO 639-1: the OSCE's six official languages first, then the other languages of its region.
REGION_LANGUAGES = (
    *("en", "fr", "de", "it", "ru", "es"),
    *("ar", "az", "be", "bg", "bs", "cs", "el", "et", "hr", "hu", "hy", "ka", "kk", "ky"),
    *("lt", "lv", "mk", "mn", "pl", "ro", "sk", "sl", "sq", "sr", "tg", "tk", "tr", "uk", "uz"),
)


def language_choices(name, codes, module):
    """A ``TextChoices`` of ``codes`` (member ``SR_LATN`` for ``"sr-latn"``), each labelled
    with Django's own name, translated by Django's catalogues ("Russian" -> "Русский")."""
    members = [
        (code.upper().replace("-", "_"), (code, _(get_language_info(code)["name"])))
        for code in codes
    ]
    return models.TextChoices(name, members, module=module)
