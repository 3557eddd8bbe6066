"""The menu mirrors the page tree (DESIGN §3): build_menu and the rendered main menu."""

from wagtail.models import Page, PageViewRestriction

from navigation.menu import MenuItem, build_menu
from tests import factories
from tests.helpers import get_soup, main_menu_links, text_of, translate

TOP_LEVEL = [
    ("About us", "/en/about-us/", "home.StandardPage"),
    ("Our work", "/en/our-work/", "thematic_areas.ThematicAreaIndexPage"),
    ("News", "/en/news/", "news.NewsIndexPage"),
    ("Events", "/en/events/", "events.EventIndexPage"),
    ("Resources", "/en/resources/", "resources.ResourceIndexPage"),
]
AREAS = [
    ("Elections", "/en/our-work/elections/"),
    ("Civil society", "/en/our-work/civil-society/"),
    ("Hate crime", "/en/our-work/hate-crime/"),
]


def outline(menu):
    """The menu as [(title, [child titles])]."""
    return [(item.title, [child.title for child in item.children]) for item in menu]


def rendered_menu(client, url="/en/"):
    return [title for title, _ in main_menu_links(get_soup(client.get(url)))]


def test_menu_is_the_live_in_menu_children_of_home_in_tree_order(site_tree):
    menu = build_menu(site_tree.home)

    assert [(item.title, item.url, item.type) for item in menu] == TOP_LEVEL
    assert [item.id for item in menu] == [
        page.pk
        for page in (
            site_tree.about,
            site_tree.our_work,
            site_tree.news,
            site_tree.events,
            site_tree.resources,
        )
    ]
    our_work = menu[1]
    assert [(child.title, child.url) for child in our_work.children] == AREAS
    assert {child.type for child in our_work.children} == {"thematic_areas.ThematicAreaPage"}
    assert all(child.children == [] for child in our_work.children)
    assert [item.children for item in menu if item.title != "Our work"] == [[], [], [], []]


def test_menu_item_as_dict_has_the_api_shape(site_tree):
    our_work = build_menu(site_tree.home)[1]
    assert isinstance(our_work, MenuItem)
    data = our_work.as_dict()
    assert data == {
        "id": site_tree.our_work.pk,
        "title": "Our work",
        "url": "/en/our-work/",
        "type": "thematic_areas.ThematicAreaIndexPage",
        "children": [
            {
                "id": area.pk,
                "title": area.title,
                "url": area.url,
                "type": "thematic_areas.ThematicAreaPage",
                "children": [],
            }
            for area in site_tree.areas
        ],
    }


def test_rendered_menu_shows_home_then_the_menu(site_tree, client):
    links = main_menu_links(get_soup(client.get("/en/about-us/")))
    expected = [("Home", "/en/")]
    for title, url, _ in TOP_LEVEL:
        expected.append((title, url))
        if title == "Our work":
            expected += AREAS
    assert links == expected


def test_menu_has_one_level_of_children(site_tree):
    team = factories.StandardPageFactory(parent=site_tree.about, title="Team", show_in_menus=True)
    factories.StandardPageFactory(parent=team, title="Director", show_in_menus=True)
    assert outline(build_menu(site_tree.home))[0] == ("About us", ["Team"])


def test_moving_a_page_reorders_the_menu(site_tree, client):
    site_tree.resources.move(site_tree.about, pos="left")
    # Moving a page renumbers the paths of its new siblings' subtrees: read them afresh.
    elections = Page.objects.get(pk=site_tree.areas[0].pk)
    hate_crime = Page.objects.get(pk=site_tree.areas[2].pk)
    hate_crime.move(elections, pos="left")

    home = Page.objects.get(pk=site_tree.home.pk).specific
    assert outline(build_menu(home)) == [
        ("Resources", []),
        ("About us", []),
        ("Our work", ["Hate crime", "Elections", "Civil society"]),
        ("News", []),
        ("Events", []),
    ]
    assert rendered_menu(client) == [
        "Home",
        "Resources",
        "About us",
        "Our work",
        "Hate crime",
        "Elections",
        "Civil society",
        "News",
        "Events",
    ]


def test_moving_a_page_to_the_end_puts_it_last(site_tree, client):
    site_tree.about.move(site_tree.home, pos="last-child")
    home = Page.objects.get(pk=site_tree.home.pk).specific
    assert [item.title for item in build_menu(home)] == [
        "Our work",
        "News",
        "Events",
        "Resources",
        "About us",
    ]
    assert rendered_menu(client)[-1] == "About us"


def test_hidden_unpublished_and_private_pages_are_not_in_the_menu(site_tree, client):
    factories.StandardPageFactory(parent=site_tree.home, title="Imprint", show_in_menus=False)
    factories.StandardPageFactory(
        parent=site_tree.home, title="Draft page", show_in_menus=True, live=False
    )
    private = factories.StandardPageFactory(
        parent=site_tree.home, title="Staff only", show_in_menus=True
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    members = factories.StandardPageFactory(
        parent=site_tree.home, title="Members", show_in_menus=True
    )
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    factories.ThematicAreaPageFactory(
        parent=site_tree.our_work, title="Draft area", show_in_menus=True, live=False
    )
    factories.ThematicAreaPageFactory(
        parent=site_tree.our_work, title="Unlisted area", show_in_menus=False
    )
    visible = factories.StandardPageFactory(
        parent=site_tree.home, title="Contact", show_in_menus=True
    )

    menu = outline(build_menu(site_tree.home))

    assert menu == [
        ("About us", []),
        ("Our work", ["Elections", "Civil society", "Hate crime"]),
        ("News", []),
        ("Events", []),
        ("Resources", []),
        ("Contact", []),
    ]
    assert rendered_menu(client) == [
        "Home",
        "About us",
        "Our work",
        "Elections",
        "Civil society",
        "Hate crime",
        "News",
        "Events",
        "Resources",
        visible.title,
    ]


def test_unpublishing_a_page_removes_it_and_its_children(site_tree, client):
    site_tree.our_work.unpublish()
    home = Page.objects.get(pk=site_tree.home.pk).specific
    assert outline(build_menu(home)) == [
        ("About us", []),
        ("News", []),
        ("Events", []),
        ("Resources", []),
    ]
    assert "Elections" not in rendered_menu(client)


def test_children_of_a_page_hidden_from_the_menu_stay_hidden(site_tree):
    site_tree.our_work.show_in_menus = False
    site_tree.our_work.save()
    titles = [title for title, _ in outline(build_menu(site_tree.home))]
    assert titles == ["About us", "News", "Events", "Resources"]


def test_menu_buttons_are_disclosures_hidden_until_the_script_runs(site_tree, client):
    """The menu's script (tests/browser/test_phone_menu.py) only shows the buttons and
    flips aria-expanded; what they control and their names come from the server."""
    soup = get_soup(client.get("/en/about-us/"))
    nav = soup.find("nav", class_="main-menu")

    toggle, expand = nav.find_all("button")
    assert text_of(toggle) == "Menu"
    assert text_of(expand) == "Our work submenu"
    for button in (toggle, expand):
        # Rendered open and hidden: without the script every link is shown.
        assert button["type"] == "button"
        assert button["aria-expanded"] == "true"
        assert button.has_attr("hidden")
    assert nav.find(id=toggle["aria-controls"]) is nav.find("ul", class_="main-menu__list")
    submenu = nav.find(id=expand["aria-controls"])
    assert submenu["class"] == ["main-menu__submenu"]
    assert [text_of(a) for a in submenu.find_all("a")] == [title for title, _ in AREAS]
    # The button sits between its section's link and the section's pages.
    assert text_of(expand.find_previous_sibling("a")) == "Our work"
    assert expand.find_next_sibling("ul") is submenu


def test_only_sections_with_pages_in_the_menu_get_a_submenu_button(site_tree, client):
    factories.StandardPageFactory(parent=site_tree.about, title="Team", show_in_menus=True)
    nav = get_soup(client.get("/en/")).find("nav", class_="main-menu")
    buttons = nav.find_all("button", class_="main-menu__expand")
    assert [text_of(button) for button in buttons] == ["About us submenu", "Our work submenu"]
    assert len({button["aria-controls"] for button in buttons}) == 2
    for button in buttons:
        assert nav.find(id=button["aria-controls"]).name == "ul"


def test_a_section_whose_page_lists_its_pages_is_marked_so(site_tree, client):
    """Without the menu script a phone keeps the pages of such a section (the areas of
    "Our work", which its page lists) out of the menu (tests/browser/test_phone_menu.py);
    those of a plain page, which does not list them, stay shown."""
    factories.StandardPageFactory(parent=site_tree.about, title="Team", show_in_menus=True)
    nav = get_soup(client.get("/en/")).find("nav", class_="main-menu")
    sections = nav.find_all("li", class_="main-menu__item--has-children")
    assert [
        (text_of(item.find("a")), "main-menu__item--index" in item["class"]) for item in sections
    ] == [("About us", False), ("Our work", True)]


def test_menu_buttons_in_russian(site_tree, client):
    translate(site_tree.home, title="Главная")
    translate(site_tree.our_work, title="Наша работа")
    translate(site_tree.areas[0], title="Выборы")
    nav = get_soup(client.get("/ru/")).find("nav", class_="main-menu")
    assert [text_of(button) for button in nav.find_all("button")] == [
        "Меню",
        "Подменю «Наша работа»",
    ]


def test_pages_load_the_menu_script_from_a_static_file(site_tree, client):
    """The Content-Security-Policy allows scripts from the site only: no inline code.

    The script comes right after the menu and is not deferred: it collapses the menu on
    phones before the page below is parsed, so nothing moves when it does (deferred, it
    ran after the first paint, a layout shift Lighthouse scored at 0.76, docs/audit.md).
    """
    soup = get_soup(client.get("/en/"))
    scripts = soup.find_all("script", src=True)
    assert [(script["src"], script.has_attr("defer")) for script in scripts] == [
        ("/static/js/menu.js", False)
    ]
    nav = soup.find("nav", class_="main-menu")
    assert nav.find_next_sibling() is scripts[0]
    assert not scripts[0].find_previous("main")
    assert not [
        s for s in soup.find_all("script", src=False) if s.get("type") != "application/ld+json"
    ]
    assert client.get("/static/js/menu.js").status_code == 200
