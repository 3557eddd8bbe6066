"""``|sanitized_richtext``: a ``RichTextField`` in a template, cleaned (core/sanitize.py).

Use it wherever Wagtail's ``|richtext`` would go::

    {% load rich_text %}
    {{ page.organizers|sanitized_richtext }}

Wagtail's filter expands the stored HTML as it is; this one cleans it too. Rich text
blocks need no filter: their values render cleaned by themselves.
"""

from django import template

from core.sanitize import sanitized

register = template.Library()


@register.filter
def sanitized_richtext(value):
    """Stored rich text (or a ``RichText`` value) as safe display HTML."""
    return sanitized(value).__html__()
