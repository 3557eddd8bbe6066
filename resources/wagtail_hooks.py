from wagtail.snippets.models import register_snippet

from resources.views import ResourceCollectionViewSet

register_snippet(ResourceCollectionViewSet)
