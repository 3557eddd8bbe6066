from wagtail.snippets.models import register_snippet

from events.views import EventTaxonomiesViewSetGroup

register_snippet(EventTaxonomiesViewSetGroup)
