"""Contacts on a news item, as a press release closes with its press contacts (core.blocks.ContactBlock)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from core.blocks import ContactBlock
from news.models import NewsPage
from tests import factories
from tests.helpers import get_soup, publish, text_of, translate

SPOKESPERSON = {
    "name": "Katya Andrusz",
    "role": "Spokesperson",
    "email": "katya.andrusz@odihr.pl",
    "phone": "+48 609 522 266",
}


@pytest.fixture
def release(site_tree):
    page = factories.NewsPageFactory(parent=site_tree.news, title="Observers", slug="observers")
    page.contacts = json.dumps([{"type": "contact", "value": SPOKESPERSON, "id": "c1"}])
    return publish(page)


def test_the_page_lists_its_contacts_with_mail_and_telephone_links(release, client):
    section = get_soup(client.get("/en/news/observers/")).find("section", class_="contacts")

    assert text_of(section.find("h2")) == "Contacts"
    [contact] = section.find_all("li", class_="contact")
    assert text_of(contact.find(class_="contact-name")) == "Katya Andrusz"
    assert text_of(contact.find(class_="contact-role")) == "Spokesperson"
    links = [link["href"] for link in contact.find_all("a")]
    assert links == ["mailto:katya.andrusz@odihr.pl", "tel:+48609522266"]


def test_the_russian_page_names_the_section_in_russian(release, client):
    russian = translate(release, "ru", title="Наблюдатели")
    section = get_soup(client.get(russian.url)).find("section", class_="contacts")
    assert text_of(section.find("h2")) == "Контакты"


def test_a_page_without_contacts_has_no_contacts_section(site_tree, client):
    publish(factories.NewsPageFactory(parent=site_tree.news, slug="plain"))
    assert get_soup(client.get("/en/news/plain/")).find("section", class_="contacts") is None


def test_the_api_gives_each_contact_as_one_object(release):
    data = Client().get(f"/api/v2/pages/{release.pk}/").json()
    assert [block["value"] for block in data["contacts"]] == [SPOKESPERSON]
    assert data["contacts"][0]["type"] == "contact"

    listing = Client().get("/api/v2/news/", {"fields": "contacts"}).json()
    assert [block["value"] for block in listing["items"][0]["contacts"]] == [SPOKESPERSON]


@pytest.mark.parametrize("phone", ["+48 609 522 266", "+43 1 514 36-6000", "(022) 520-06-00"])
def test_telephone_numbers_as_press_contacts_write_them(phone):
    ContactBlock().clean({**SPOKESPERSON, "phone": phone})


@pytest.mark.parametrize("phone", ["call me", "+", "javascript:alert(1)", "12"])
def test_anything_else_is_refused_with_a_message(phone):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            ContactBlock().clean({**SPOKESPERSON, "phone": phone})
        assert "Enter a telephone number" in str(error.value.block_errors["phone"])


def test_a_contact_needs_a_name_and_a_valid_email():
    with pytest.raises(ValidationError) as error:
        ContactBlock().clean({**SPOKESPERSON, "name": "", "email": "not-an-address"})
    assert set(error.value.block_errors) == {"name", "email"}


def test_news_pages_have_contacts_in_the_admin():
    assert "contacts" in NewsPage.get_edit_handler().get_form_class().base_fields
