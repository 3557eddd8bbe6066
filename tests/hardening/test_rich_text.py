"""Rich text never reaches a page or the API as executable markup (home/sanitize.py).

Hostile markup is put in both ways it could get in: through the admin's save path, as a
crafted editor submission, and straight into the database. Neither reaches the public
page, the API's ``html`` nor its ``db_html``; and no block of any page lets editors
write raw HTML.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models
from wagtail.test.utils.form_data import nested_form_data, streamfield

from events.models import EventPage
from home.models import StandardPage
from home.sanitize import sanitize_db_html, sanitize_html
from tests import factories
from tests.helpers import publish

HOSTILE = (
    '<p data-block-key="a1">Safe <b>text</b> and <a href="https://example.org/">a link</a>.</p>'
    '<script>alert("script")</script>'
    '<p onclick="alert(1)" style="background:url(javascript:alert(2))">click</p>'
    '<a href="javascript:alert(3)">js</a>'
    '<a href=" JaVa&#x09;ScRiPt:alert(4)">obfuscated</a>'
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">data</a>'
    '<a href="vbscript:msgbox(6)">vb</a>'
    '<iframe src="https://evil.example/" onload="alert(7)"></iframe>'
    '<img src="x" onerror="alert(8)">'
    '<svg onload="alert(9)"><script>alert(10)</script></svg>'
    "<style>body { display: none }</style>"
    '<object data="evil.swf"></object><embed src="evil.swf">'
    '<form action="https://evil.example/"><input name="password"><button>Go</button></form>'
    '<math><mi xlink:href="javascript:alert(11)">m</mi></math>'
    '<a href="#" onmouseover="alert(12)">hover</a>'
    '<details open ontoggle="alert(13)">x</details>'
    '<meta http-equiv="refresh" content="0;url=javascript:alert(14)">'
    '<base href="https://evil.example/">'
)
EXECUTABLE_TAGS = {
    "script", "iframe", "svg", "math", "style", "object", "embed", "form", "input", "button",
    "meta", "base", "link", "frame", "details",
}  # fmt: skip
BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def assert_inert(html, scripts_as_text=False):
    """No executable tag, event handler, style or script URL anywhere in ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    found = {
        tag.name
        for tag in soup.find_all(EXECUTABLE_TAGS)
        if not (tag.name == "embed" and tag.get("embedtype") and not tag.get("src"))
    }  # Wagtail's own <embed embedtype=…> references in db_html are not markup
    assert not found, found
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            assert name.lower() not in {"style", "srcdoc", "formaction"}, (tag.name, name)
            if name.lower() in {"href", "src", "action", "xlink:href"}:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not BAD_SCHEME.match(cleaned), (tag.name, value)
    if not scripts_as_text:
        assert "alert(" not in soup.get_text()  # script bodies are dropped, not shown as text


def paragraph_body(html):
    return json.dumps([{"type": "paragraph", "value": html, "id": "p1"}])


@pytest.fixture
def hostile_pages(site_tree):
    """A standard page and an event whose rich text was written straight to the database."""
    page = publish(factories.StandardPageFactory(parent=site_tree.home, slug="hostile"))
    StandardPage.objects.filter(pk=page.pk).update(body=paragraph_body(HOSTILE))
    event = publish(factories.EventPageFactory(parent=site_tree.events, slug="hostile-event"))
    EventPage.objects.filter(pk=event.pk).update(
        organizers=HOSTILE,
        body=json.dumps(
            [{"type": "about", "value": {"heading": "About", "text": HOSTILE}, "id": "s1"}]
        ),
    )
    return page, event


def test_database_values_render_inert_on_the_public_pages(hostile_pages, client):
    for url in ["/en/hostile/", "/en/events/hostile-event/"]:
        response = client.get(url)
        assert response.status_code == 200
        main = str(BeautifulSoup(response.content, "html.parser").find("main"))
        assert_inert(main)
        assert "Safe <b>text</b>" in main
        assert '<a href="https://example.org/">a link</a>' in main


@pytest.mark.parametrize("rich_text_format", ["", "html", "db_html", "markdown", "db_markdown"])
def test_database_values_are_inert_in_the_api(hostile_pages, client, rich_text_format):
    page, event = hostile_pages
    query = f"?rich_text_format={rich_text_format}" if rich_text_format else ""
    for pk in (page.pk, event.pk):
        response = client.get(f"/api/v2/pages/{pk}/{query}")
        assert response.status_code == 200
        data = response.json()
        texts = [block["value"] for block in data["body"] if block["type"] == "paragraph"]
        texts += [block["value"]["text"] for block in data["body"] if block["type"] == "about"]
        if "organizers" in data:
            texts.append(data["organizers"])
        assert texts
        for text in texts:
            assert_inert(text)
            assert "javascript:" not in text.lower()  # nor as a Markdown link
            assert "Safe" in text


def test_a_crafted_editor_submission_is_stored_and_shown_inert(site_tree, admin_client, client):
    """Draftail posts content state, not HTML; a hand-made one with script links and raw
    HTML as text is what a hostile editor (or a bug in the editor) could send."""
    page = publish(factories.StandardPageFactory(parent=site_tree.home, slug="edited"))
    content_state = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": "js link and <script>alert(1)</script> as text",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 7, "key": 0}],
                "data": {},
            },
            {
                "key": "b2",
                "type": "atomic",
                "text": " ",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": 1}],
                "data": {},
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(2)"}},
            "1": {
                "type": "EMBED",
                "mutability": "IMMUTABLE",
                "data": {
                    "url": "https://evil.example/",
                    "html": '<iframe src="https://evil.example/">',
                },
            },
        },
    }
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "",
            "summary": "",
            "body": streamfield([("paragraph", json.dumps(content_state))]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    stored = page.body[0].value.source
    assert "&lt;script&gt;" in stored  # the typed text, escaped
    assert "<iframe" not in stored
    assert_inert(stored, scripts_as_text=True)
    response = client.get("/en/edited/")
    main = str(BeautifulSoup(response.content, "html.parser").find("main"))
    assert_inert(main, scripts_as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; as text" in main


def test_internal_links_and_block_keys_survive(site_tree, client):
    html = (
        f'<p data-block-key="k1"><a linktype="page" id="{site_tree.about.pk}">About</a> '
        '<a href="mailto:office@example.org">mail</a> <a href="#part">part</a></p>'
    )
    page = publish(factories.StandardPageFactory(parent=site_tree.home, slug="links"))
    StandardPage.objects.filter(pk=page.pk).update(body=paragraph_body(html))
    main = str(BeautifulSoup(client.get("/en/links/").content, "html.parser").find("main"))
    assert '<p data-block-key="k1"><a href="/en/about-us/">About</a>' in main
    assert '<a href="mailto:office@example.org">mail</a>' in main
    assert '<a href="#part">part</a>' in main
    assert sanitize_db_html(html) == html


def test_sanitizers_directly():
    assert_inert(sanitize_html(HOSTILE))
    assert_inert(sanitize_db_html(HOSTILE))
    embed = sanitize_db_html('<embed embedtype="image" id="1" format="left" alt="A">')
    assert embed.startswith("<embed ") and 'embedtype="image"' in embed and 'id="1"' in embed
    assert sanitize_db_html('<p>a<embed src="x.swf">b</p>') == "<p>ab</p>"


def all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from all_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)


def test_no_block_or_field_lets_editors_write_raw_html():
    raw = []
    rich_text_features = {}
    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in all_blocks(field.stream_block):
                    if isinstance(block, blocks.RawHTMLBlock):
                        raw.append(f"{model.__name__}.{field.name}: {block.name}")
                    if isinstance(block, blocks.RichTextBlock):
                        rich_text_features[f"{model.__name__}.{field.name}.{block.name}"] = (
                            block.features
                        )
            elif isinstance(field, RichTextField):
                rich_text_features[f"{model.__name__}.{field.name}"] = field.features
    assert raw == []
    assert rich_text_features  # there is rich text to check
    for name, features in rich_text_features.items():
        # An explicit list without raw embeds: never Wagtail's defaults, which add "embed".
        assert features is not None, name
        assert "embed" not in features, name
