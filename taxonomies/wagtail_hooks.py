from wagtail.snippets.models import register_snippet

from taxonomies.views import TaxonomiesViewSetGroup

register_snippet(TaxonomiesViewSetGroup)
