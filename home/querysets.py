"""What visitors and API clients may see: one definition, used by templates and the API."""

from django.db.models import Q
from django.utils import timezone
from wagtail.query import PageQuerySet


def visible(queryset):
    """Live, public (no view restriction) pages whose expiry time has not passed.

    ``live`` alone is not enough: an expired page stays live until the
    ``publish_scheduled`` command unpublishes it, and it must vanish at once.
    """
    return (
        queryset.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )


class SitePageQuerySet(PageQuerySet):
    def visible(self):
        return visible(self)
