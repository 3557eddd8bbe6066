"""Filters by the shared vocabularies, for every endpoint whose pages point at them.

``?field_of_work=elections`` and ``?issued_by=odihr`` mean the same term on every
endpoint; each endpoint names its own relation (``lookup``) and, for organisations, its
parameter: ``issued_by`` on news, ``publisher`` on resources.
"""

from api.listing_filters import TaxonomySlugFilter
from taxonomies.models import FieldOfWork, Organization


class FieldOfWorkFilter(TaxonomySlugFilter):
    """``?field_of_work=elections`` (or ``elections,human-rights``): pages in any of those fields."""

    parameter = "field_of_work"
    model = FieldOfWork
    lookup = "fields_of_work"


class OrganizationFilter(TaxonomySlugFilter):
    """Base for filters by organisation slug; a subclass names ``parameter`` and ``lookup``.

    Closed organisations still filter: the content that names them keeps them.
    """

    model = Organization
