"""Why a result matched: the passage of its text that contains the query's words, marked.

Wagtail's database backends cannot say which field matched, so the excerpt is found
here, in Python, from the same ``search_fields`` the index was built from (summary,
intro, the StreamField's text, location, organisers, taxonomy names, ...). Words
are matched from their start, and a long word by its first two thirds or so, so
that "crimes" marks "crime" and "преступлений" marks "преступления" as the
PostgreSQL stemmer matched them. Text is escaped piece by piece before the ``<mark>``
tags are put around the matches, so nothing from the content or the query is
rendered as HTML.
"""

import math
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Manager, TextField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from search.query import words

EXCERPT_LENGTH = 240
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def stem(word):
    """The start of ``word`` that its other forms share, roughly: "crimes" -> "crime"."""
    word = word.lower()
    if len(word) <= 4:
        return word
    return word[: max(4, math.ceil(len(word) * 0.7))]


def terms_pattern(terms):
    """A regex matching the words that start like any of ``terms``; None without terms.

    Short words ("and", "of", "и") are left unmarked when the query has longer ones:
    the search ignores them as stop words, and marking every "and" hides the match that
    counts. A hyphenated term is marked whole ("non-discrimination").
    """
    found = [word for term in terms for word in words(term)]
    if any(len(word) > 3 for word in found):
        found = [word for word in found if len(word) > 3]
    stems = {stem(word) for word in found}
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, pattern):
    """``text`` escaped, with every match of ``pattern`` wrapped in ``<mark>``."""
    text = str(text or "")
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


@dataclass
class Excerpt:
    """A passage of a result's text, with the field it comes from (None for a plain summary)."""

    label: str | None
    html: SafeString


def field_label(model, name):
    """The name of the field behind a search field, to say where a short fact matched.

    "Location", "Organized by", "Fields of work" (a ``localized_fields_of_work`` method
    is named after its field). None for the running text (plain text fields and
    StreamFields: summary, intro, body), which needs no label.
    """
    for candidate in (name, name.removeprefix("localized_")):
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if isinstance(field, StreamField) or (
            isinstance(field, TextField) and not isinstance(field, RichTextField)
        ):
            return None
        if field.auto_created and not field.concrete:
            # A reverse relation, such as a resource's files.
            return str(field.related_model._meta.verbose_name_plural)
        return str(field.verbose_name)
    return None


def texts_of(value):
    """The strings in a search field's value: text, lists of text, related objects."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        if value and not isinstance(value[0], str):
            # Related objects (taxonomy terms, pages): one passage listing their names.
            return [", ".join(str(item) for item in value)]
        return [text for item in value for text in texts_of(item)]
    return [str(value)]


def passages(obj, fields=None):
    """(label, text) for every text ``obj`` is searched by, in ``search_fields`` order; titles aside."""
    model = type(obj)
    for field in fields if fields is not None else obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            label = field_label(model, field.field_name)
            for text in texts_of(field.get_value(obj)):
                yield label, text
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            related = related.all() if isinstance(related, Manager) else [related]
            label = field_label(model, field.field_name)
            for item in related:
                for _label, text in passages(item, field.fields):
                    yield label, text


def best_window(text, pattern, length):
    """The sentence of ``text`` with the most distinct matches, cut around them if long."""
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()] or [text]
    sentence = max(sentences, key=lambda s: len({m.lower() for m in pattern.findall(s)}))
    if len(sentence) <= length:
        return sentence
    first = pattern.search(sentence)
    start = max(0, first.start() - length // 3) if first else 0
    if start:
        # Start on a word boundary, and say that something was left out.
        start = sentence.rfind(" ", 0, start) + 1
    window = Truncator(sentence[start:]).chars(length)
    return ("…" if start else "") + window


def excerpt(obj, terms, length=EXCERPT_LENGTH):
    """The passage of ``obj`` that best shows why it matched ``terms``, marked; or its summary.

    Returns None when the object has no text besides its title.
    """
    pattern = terms_pattern(terms)
    best = None
    best_score = 0
    first = None
    for label, text in passages(obj):
        text = " ".join(text.split())
        if not text:
            continue
        if first is None:
            first = text
        if pattern is None:
            break
        score = len({match.lower() for match in pattern.findall(text)})
        if score > best_score:
            best, best_score = (label, text), score
    if best is not None:
        label, text = best
        return Excerpt(label, highlight(best_window(text, pattern, length), pattern))
    if first is not None:
        return Excerpt(None, highlight(Truncator(first).chars(length), pattern))
    return None
