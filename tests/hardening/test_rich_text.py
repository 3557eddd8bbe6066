"""Rich text never reaches a page or the API as executable markup (core/sanitize.py).

Hostile markup is put in both ways it could get in: through the admin's save path, as a
crafted editor submission, and straight into the database. Neither reaches the public
page, the API's ``html`` nor its ``db_html``; and no block of any page lets editors
write raw HTML.

The cleaning happens at public extension points of Wagtail, not by replacing its
internals: ``SanitizedRichTextBlock``, the ``|sanitized_richtext`` filter and the API's
``SanitizedRichTextField``. The guards at the end fail when Wagtail's own rendering is
changed behind its back, or when a block, a template, an API field or a module goes
around those points.
"""

import json
import re
import typing
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.serializers import Serializer
from wagtail import blocks
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2.serializers import RichTextFieldSerializer, get_serializer_class
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models
from wagtail.rich_text import RichText, expand_db_html
from wagtail.templatetags.wagtailcore_tags import richtext
from wagtail.test.utils.form_data import nested_form_data, streamfield

from api.serializers import SanitizedRichTextField
from api.utils import API_URLCONF
from core.blocks import ParagraphBlock, SanitizedRichTextBlock
from core.sanitize import API_FORMATS, REMEMBERED_LENGTH, sanitize_db_html, sanitize_html
from core.templatetags.rich_text import sanitized_richtext
from events.models import EventPage
from home.models import StandardPage
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


def test_a_value_is_cleaned_once_and_a_long_one_every_time(monkeypatch):
    """The cleaner runs once per distinct value (the result is remembered: cleaning
    depends on the value alone), except for values too long to keep in memory."""
    import nh3

    calls = []
    clean = nh3.clean
    monkeypatch.setattr(
        nh3, "clean", lambda html, **kwargs: calls.append(html) or clean(html, **kwargs)
    )
    value = f"<p>Once {id(calls)}</p><script>alert(1)</script>"
    assert sanitize_html(value) == sanitize_html(value) == f"<p>Once {id(calls)}</p>"
    assert calls == [value]

    long_value = "<p>" + "x" * REMEMBERED_LENGTH + "</p><script>alert(1)</script>"
    assert_inert(sanitize_html(long_value))
    assert_inert(sanitize_html(long_value))
    assert calls == [value, long_value, long_value]


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


# Line breaks as the editor stores them, and a bare <img> as an import may leave one.
BREAKS_AND_IMAGE = (
    '<p data-block-key="b1">First line<br/>second line</p>'
    '<p data-block-key="b2">A chart: <img src="/media/chart.png" alt="Votes [2025]"> as imported.</p>'
)
BREAKS_AND_IMAGE_MARKDOWN = (
    "First line\\\nsecond line\n\nA chart: ![Votes \\[2025\\]](/media/chart.png) as imported.\n\n"
)


@pytest.fixture
def pages_with_breaks_and_images(site_tree):
    image = factories.ImageFactory(title="Map")
    page = publish(factories.StandardPageFactory(parent=site_tree.home, slug="breaks"))
    embedded = f'<embed embedtype="image" id="{image.pk}" format="left" alt="Map of Sibiu"/>'
    StandardPage.objects.filter(pk=page.pk).update(
        body=json.dumps(
            [
                {"type": "paragraph", "value": BREAKS_AND_IMAGE, "id": "p1"},
                {"type": "paragraph", "value": f"<p>Where:</p>{embedded}", "id": "p2"},
            ]
        )
    )
    event = publish(factories.EventPageFactory(parent=site_tree.events, slug="breaks-event"))
    EventPage.objects.filter(pk=event.pk).update(
        body=json.dumps(
            [{"type": "about", "value": {"heading": "About", "text": BREAKS_AND_IMAGE}, "id": "s1"}]
        ),
    )
    return page, image


@pytest.mark.parametrize("rich_text_format", ["markdown", "db_markdown"])
def test_markdown_formats_keep_line_breaks_and_images(
    pages_with_breaks_and_images, client, rich_text_format
):
    """Each line break and each bare <img> made the Markdown conversion raise
    "Unmatched tags": a 500 for the page, and for the whole events listing."""
    page, image = pages_with_breaks_and_images

    response = client.get(f"/api/v2/pages/{page.pk}/?rich_text_format={rich_text_format}")
    assert response.status_code == 200
    breaks, embedded = [block["value"] for block in response.json()["body"]]
    assert breaks == BREAKS_AND_IMAGE_MARKDOWN
    if rich_text_format == "markdown":
        url = image.get_rendition("width-500").url
        assert embedded == f"Where:\n\n![Map of Sibiu]({url})\n\n"
    else:
        assert (
            embedded == f"Where:\n\n![Map of Sibiu](wagtail://image?id={image.pk}&format=left)\n\n"
        )

    response = client.get(f"/api/v2/events/?rich_text_format={rich_text_format}&fields=body")
    assert response.status_code == 200
    [event] = response.json()["items"]
    assert event["body"][0]["value"]["text"] == BREAKS_AND_IMAGE_MARKDOWN


def test_bare_images_in_markdown_keep_their_link_and_lose_unsafe_sources():
    markdown = API_FORMATS["markdown"]
    linked = '<p><a href="https://example.org/">see <img src="/logo.png" alt="the logo"></a></p>'
    assert markdown(linked, None) == "[see the logo](https://example.org/)\n\n"
    unsafe = '<p><img src="javascript:alert(1)" alt="a picture"></p>'
    assert markdown(unsafe, None) == "a picture\n\n"


# --- Guards: the cleaning happens at the extension points, and nothing goes around them.


def api_request(rich_text_format):
    query = {"rich_text_format": rich_text_format} if rich_text_format else {}
    return RequestFactory().get("/api/v2/pages/", query)


def bound(field, context):
    """``field`` as a serializer holds it, reading ``context``."""
    field.bind(field_name="text", parent=Serializer(context=context))
    return field


def test_wagtail_itself_is_left_as_it_is():
    """Nothing replaces Wagtail's rendering at start-up: on its own it passes the markup
    through, so the cleaning seen everywhere else comes from our extension points."""
    assert "<script>" in expand_db_html(HOSTILE)
    assert "<script>" in str(RichText(HOSTILE))
    assert "<script>" in richtext(HOSTILE)
    assert "<script>" in blocks.RichTextBlock().render(RichText(HOSTILE))
    wagtail_field = bound(RichTextFieldSerializer(), {"request": api_request("db_html")})
    assert "<script>" in wagtail_field.to_representation(HOSTILE)


def test_the_rich_text_block_cleans_its_values():
    block = SanitizedRichTextBlock(features=["bold", "link"])
    for value in [
        block.to_python(HOSTILE),
        block.normalize(HOSTILE),
        block.value_from_form(HOSTILE),
        RichText(HOSTILE),  # as wagtail-localize puts translated text into a page
    ]:
        for html in [block.render(value), str(block.to_python(value.source))]:
            assert_inert(html)
            assert "Safe <b>text</b>" in html
    assert block.get_prep_value(block.to_python(HOSTILE)) == HOSTILE  # stored as it came
    assert isinstance(ParagraphBlock().to_python(HOSTILE), type(block.to_python("")))


@pytest.mark.parametrize("rich_text_format", ["", *sorted(API_FORMATS)])
def test_the_api_representations_are_clean_in_every_format(rich_text_format):
    context = {"request": api_request(rich_text_format)}
    block = SanitizedRichTextBlock()
    field = bound(SanitizedRichTextField(), context)
    for text in [
        block.get_api_representation(block.to_python(HOSTILE), context),
        block.get_api_representation(RichText(HOSTILE), context),
        field.to_representation(HOSTILE),
    ]:
        assert_inert(text)
        assert "javascript:" not in text.lower()
        assert "Safe" in text


def test_the_template_filter_cleans_fields_and_values():
    for value in [HOSTILE, RichText(HOSTILE), SanitizedRichTextBlock().to_python(HOSTILE)]:
        html = str(sanitized_richtext(value))
        assert_inert(html)
        assert "Safe <b>text</b>" in html
    assert sanitized_richtext(None) == richtext(None)  # an empty field renders as Wagtail's
    with pytest.raises(TypeError):
        sanitized_richtext(42)


def test_api_formats_cover_every_wagtail_format(site_tree, client):
    """A format Wagtail adds would otherwise answer an error (core.sanitize.api_representation)."""
    assert set(API_FORMATS) == set(typing.get_args(RichTextOutputFormat))
    response = client.get("/api/v2/pages/?rich_text_format=nope")
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("rich_text_format must be one of ")
    assert set(re.findall(r"'(\w+)'", message.split(", got")[0])) == set(API_FORMATS)


def test_every_rich_text_block_of_every_page_is_sanitized():
    found = []
    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in all_blocks(field.stream_block):
                    if isinstance(block, blocks.RichTextBlock):
                        name = f"{model.__name__}.{field.name}.{block.name}"
                        assert isinstance(block, SanitizedRichTextBlock), name
                        found.append(name)
    assert "EventPage.body.paragraph" in found
    assert "EventPage.body.text" in found  # the sections' text


def api_viewsets(patterns=None):
    """Every viewset of the public API, found in its URLconf (the admin's own API, for
    signed-in staff and never shown as HTML, is Wagtail's)."""
    for pattern in get_resolver(API_URLCONF).url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from api_viewsets(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            viewset = getattr(pattern.callback, "cls", None)
            if isinstance(viewset, type) and issubclass(viewset, BaseAPIViewSet):
                yield viewset


def test_every_rich_text_field_the_api_serves_is_sanitized():
    checked = set()
    for viewset in set(api_viewsets()):
        for model in apps.get_models():
            if not issubclass(model, viewset.model):
                continue
            names = [f.name for f in model._meta.get_fields() if isinstance(f, RichTextField)]
            if not names:
                continue
            overrides = viewset.get_field_serializer_overrides(model)
            serializer_class = get_serializer_class(  # as the viewset builds it
                model,
                names,
                meta_fields=[],
                field_serializer_overrides={n: overrides[n] for n in names if n in overrides},
                base=viewset.base_serializer_class,
            )
            for name in names:
                field = serializer_class().fields[name]
                assert isinstance(field, SanitizedRichTextField), (viewset.__name__, name)
                checked.add((viewset.__name__, f"{model.__name__}.{name}"))
    # No page model has a rich text field today (an event's organisers became a list):
    # this guards the next one.


def project_files(pattern):
    root = Path(settings.BASE_DIR)
    for path in root.glob(pattern):
        parts = path.relative_to(root).parts
        if not {".venv", "node_modules", "tests", "migrations"} & set(parts):
            yield path


def test_no_template_renders_rich_text_with_wagtails_filter():
    """``|richtext`` shows a ``RichTextField`` uncleaned: ``|sanitized_richtext`` instead."""
    templates = list(project_files("**/templates/**/*.html"))
    assert any(path.name == "event_page.html" for path in templates)
    offenders = [
        str(path)
        for path in templates
        if re.search(r"\|\s*richtext\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_module_renders_rich_text_around_the_sanitiser():
    """Only core/sanitize.py expands stored rich text or asks Wagtail for an API format."""
    around = re.compile(r"\bexpand_db_html\b|APIRichText\.serialize\b|\bRichText\(|\brichtext\(")
    modules = list(project_files("**/*.py"))
    assert any(path.name == "sanitize.py" for path in modules)
    offenders = [
        str(path)
        for path in modules
        if path.name != "sanitize.py" and around.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
