import pytest


@pytest.mark.django_db
def test_seed_event_page_renders(demo_site, client):
    response = client.get("/en/events/joint-training-against-hate-crimes-for-civil-society-representatives-and-law-enforcement/")
    assert response.status_code == 200
    assert "Sibiu, Romania" in response.text
