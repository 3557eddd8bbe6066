"""The page serializer's fields are built from the model once per serializer class and copied
for each request (api.serializers.SitePageSerializer.get_fields), as Django REST framework
copies declared fields: the same answers, without the model's introspection each time."""

from django.core.cache import cache
from django.test import Client
from rest_framework.serializers import ModelSerializer

from tests import factories
from tests.helpers import publish

# A field selection no other test asks for: its serializer class is new to the process.
FIELDS = "_,id,title,start_date,venue,city,event_type"


def test_fields_are_built_once_per_serializer_class(site_tree, monkeypatch):
    event = publish(factories.EventPageFactory(parent=site_tree.events, title="Hearing"))
    built = []
    build_field = ModelSerializer.build_field

    def counting(self, *args, **kwargs):
        built.append(args[0])
        return build_field(self, *args, **kwargs)

    monkeypatch.setattr(ModelSerializer, "build_field", counting)
    url = f"/api/v2/events/?fields={FIELDS}"

    first = Client().get(url)
    built_by_the_first = len(built)
    cache.clear()  # computed again, items included
    second = Client().get(url)

    assert first.status_code == second.status_code == 200
    assert built_by_the_first  # built for the new class
    assert len(built) == built_by_the_first  # copied for the second request
    assert first.json()["items"] == second.json()["items"]
    assert first.json()["items"][0]["title"] == event.title
