"""``demo.indexing.indexed_at_the_end``: a bulk load indexes each object once, at its end,
for search and for references (what Wagtail's "usage" of a term or image reads)."""

import pytest
from wagtail.models import ReferenceIndex

from demo.indexing import indexed_at_the_end
from events.models import EventPage
from tests import factories


def found(words):
    return list(EventPage.objects.live().search(words))


def references_to(obj):
    return ReferenceIndex.get_references_to(obj).count()


def test_saves_in_the_body_are_indexed_once_at_its_end(site_tree):
    with indexed_at_the_end():
        event_type = factories.EventTypeFactory(name="Roundtable")
        event = factories.EventPageFactory(
            parent=site_tree.events, title="Quokka roundtable", event_type=event_type
        )
        event.save_revision().publish()
        # Nothing indexed while the body runs...
        assert found("quokka") == []
        assert references_to(event_type) == 0

    # ...and everything once it is done.
    assert found("quokka") == [event]
    assert references_to(event_type) == 1


def test_afterwards_saves_are_indexed_as_they_happen_again(site_tree):
    with indexed_at_the_end():
        pass
    event = factories.EventPageFactory(parent=site_tree.events, title="Wombat workshop")
    assert found("wombat") == [event]
    assert references_to(event.event_type) == 1


def test_a_body_that_fails_indexes_nothing_and_leaves_indexing_on(site_tree):
    with pytest.raises(RuntimeError), indexed_at_the_end():
        factories.EventPageFactory(parent=site_tree.events, title="Numbat seminar")
        raise RuntimeError("the load failed")
    assert found("numbat") == []

    event = factories.EventPageFactory(parent=site_tree.events, title="Bilby briefing")
    assert found("bilby") == [event]
