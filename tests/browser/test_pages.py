"""Real-browser tests: Debian's Chromium against the running app. Navigation by links, the
compensation filters and search with JavaScript off, screenshots at phone and desktop widths,
axe-core on every page type in light and dark colour schemes, and the print layout."""

import re
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import AXE, PAGES

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 360, 1280
Scheme = Literal["light", "dark"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def test_navigate_home_to_role_to_position_to_next_level(page: Page, live_url: str):
    page.goto(live_url + "/")
    expect(page.locator("h1")).to_have_text("Ladder")

    page.locator(".cards").get_by_role("link", name="Technical Product Manager", exact=True).click()
    expect(page).to_have_url(live_url + "/roles/technical-product-manager/")
    expect(page.locator("h1")).to_have_text("Technical Product Manager")

    page.locator("#levels").get_by_role("link", name="Technical Product Manager — P3").click()
    expect(page).to_have_url(live_url + "/roles/technical-product-manager/p3/")
    expect(page.locator("h1")).to_have_text("Technical Product Manager — P3")

    page.get_by_role("navigation", name="Levels of the Technical Product Manager").get_by_role(
        "link", name=re.compile("Next level")
    ).click()
    expect(page).to_have_url(live_url + "/roles/technical-product-manager/p4/")
    expect(page.locator("h1")).to_have_text("Technical Product Manager — P4")

    page.get_by_role("link", name=re.compile("Previous level")).click()
    expect(page).to_have_url(live_url + "/roles/technical-product-manager/p3/")

    # And on to the same level in another role.
    page.locator("#adjacent").get_by_role("link", name="Product Manager — P3").click()
    expect(page).to_have_url(live_url + "/roles/product-manager/p3/")


def test_compensation_filters_work_without_javascript(browser: Browser, live_url: str):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.goto(live_url + "/compensation/")
    all_rows = page.locator("#bands-table tbody tr").count()

    page.get_by_label("Role", exact=True).select_option(label="Product Manager")
    page.get_by_label("Region", exact=True).select_option(label="United States")
    page.get_by_role("button", name="Show bands").click()
    query = parse_qs(urlparse(page.url).query)
    assert query["role"] == ["product-manager"]
    assert query["region"] == ["us"]
    rows = page.locator("#bands-table tbody tr")
    assert 0 < rows.count() < all_rows
    for text in rows.locator("th").all_inner_texts():
        assert text.endswith("· Product Manager")
    expect(page.get_by_label("Role", exact=True)).to_have_value("product-manager")

    page.get_by_label("Level", exact=True).select_option(label="P4 — Advanced Professional")
    page.get_by_role("button", name="Show bands").click()
    expect(page.locator("#bands-table tbody tr")).to_have_count(1)
    expect(page.locator("#bands-table tbody tr th")).to_have_text("P4 · Product Manager")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("#bands-table tbody tr")).to_have_count(all_rows)

    response = page.goto(live_url + "/compensation/?region=mars")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("“mars” is not a region Ladder knows")
    expect(page.get_by_role("alert")).to_contain_text("us (United States)")
    expect(page.get_by_label("Region", exact=True)).to_have_attribute("aria-invalid", "true")
    context.close()


def test_search_finds_both_tpms_and_links_to_the_exact_place(browser: Browser, live_url: str):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.goto(live_url + "/")
    page.get_by_role("search", name="Ladder").get_by_role("searchbox").fill("TPM")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_url + "/search/?q=TPM")
    expect(page.locator(".callout")).to_contain_text("“TPM” is ambiguous")
    roles = page.locator("section", has=page.get_by_role("heading", name="Roles")).locator(
        "a.result-title"
    )
    expect(roles).to_have_text(["Technical Product Manager", "Technical Program Manager"])

    page.get_by_role("search", name="Ladder").get_by_role("searchbox").fill("roadmap ownership")
    page.get_by_role("search", name="Ladder").get_by_role("button", name="Search").click()
    page.get_by_role(
        "link", name="Technical Product Manager, P3 — Responsibilities · Roadmap ownership"
    ).click()
    expect(page).to_have_url(
        live_url + "/roles/technical-product-manager/p3/#responsibilities-roadmap-ownership"
    )
    target = page.locator("#responsibilities-roadmap-ownership")
    expect(target).to_be_in_viewport()
    expect(target.locator("dt")).to_have_text("Roadmap ownership")
    context.close()


def test_search_pages_through_a_group_without_javascript(browser: Browser, live_url: str):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.goto(live_url + "/search/?q=roadmap")
    statements = page.locator("section", has=page.get_by_role("heading", name="Statements"))
    expect(statements.locator("a.result-title")).to_have_count(10)
    page.get_by_role("link", name="All statements matching “roadmap”").click()
    expect(page).to_have_url(live_url + "/search/?q=roadmap&in=statements")
    expect(page.get_by_role("status")).to_contain_text("Statements 1–25 matching “roadmap”")
    hrefs = "links => links.map(link => link.href)"
    first_page = page.locator("a.result-title").evaluate_all(hrefs)
    pages = page.get_by_role("navigation", name="Pages of statements")
    pages.get_by_role("link", name="Next 25").click()
    expect(page).to_have_url(live_url + "/search/?q=roadmap&in=statements&page=2")
    expect(page.get_by_role("status")).to_contain_text("Statements 26–50")
    expect(page.locator("a.result-title")).to_have_count(25)
    assert not set(page.locator("a.result-title").evaluate_all(hrefs)) & set(first_page)
    pages.get_by_role("link", name="Previous 25").click()
    expect(page).to_have_url(live_url + "/search/?q=roadmap&in=statements")
    page.get_by_role("link", name="Every group of results").click()
    expect(page).to_have_url(live_url + "/search/?q=roadmap")
    context.close()


def test_skip_link_and_visible_focus(page: Page, live_url: str):
    page.goto(live_url + "/roles/technical-product-manager/p3/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert focused == ["solid", "3px"]


@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots_at_phone_and_desktop_widths(
    browser: Browser, live_url: str, artifacts: Path, name: str
):
    path, status = PAGES[name]
    for width in (PHONE, DESKTOP):
        schemes: tuple[Scheme, ...] = ("light", "dark") if width == DESKTOP else ("light",)
        for scheme in schemes:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            response = page.goto(live_url + path)
            assert response is not None
            assert response.status == status
            page.screenshot(path=artifacts / f"{name}-{width}-{scheme}.png", full_page=True)
            # Responsive: nothing makes the page scroll sideways; wide tables scroll in place.
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{name} is {overflow}px wide at {width}px"
            context.close()


def run_axe(page: Page) -> list[dict]:
    # Evaluated, not added as an inline <script>: the Content-Security-Policy would block that.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations_in_light_and_dark(browser: Browser, live_url: str, name: str):
    path, _ = PAGES[name]
    found = {}
    # Contrast depends on the scheme, layout rules (scrollable regions, target sizes) on width.
    runs: list[tuple[int, Scheme]] = [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light")]
    for width, scheme in runs:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(live_url + path)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        violations = run_axe(page)
        if violations:
            found[f"{width}px {scheme}"] = violations
        context.close()
    assert found == {}


def test_axe_checks_the_dark_palette_for_real(browser: Browser, live_url: str):
    """Guard against a vacuous pass: a deliberately low-contrast element is reported."""
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto(live_url + "/")
    # Styled through the CSSOM: the Content-Security-Policy blocks an inline style attribute.
    page.evaluate(
        """() => {
            const p = document.createElement("p");
            p.textContent = "barely visible";
            p.style.color = "#333";
            document.querySelector("main .wrap").append(p);
        }"""
    )
    assert "color-contrast" in {v["id"] for v in run_axe(page)}
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/roles/technical-product-manager/p3/",
        "/roles/technical-product-manager/tpm-ii/",
        "/roles/product-manager/p5/",
    ],
)
def test_a_position_prints_on_at_most_two_pages(
    page: Page, live_url: str, artifacts: Path, path: str
):
    page.goto(live_url + path)
    page.emulate_media(media="print")
    # What print hides: navigation, forms, the table of contents.
    for selector in (".site-nav", ".toc", "form", ".step-nav", "#adjacent"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#pay table")).to_be_visible()
    expect(page.locator("#sources")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    name = path.strip("/").replace("/", "-")
    (artifacts / f"print-{name}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"{path} prints on {pages} pages"


def test_charts_stay_legible_in_dark_mode(browser: Browser, live_url: str):
    """The SVG charts draw with the page's colour variables, so their text and bars change with
    the scheme instead of staying dark-on-dark."""
    colours = {}
    schemes: tuple[Scheme, ...] = ("light", "dark")
    for scheme in schemes:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_url + "/compensation/")
        colours[scheme] = page.evaluate(
            """() => {
                const svg = document.querySelector('#ranges svg');
                const text = getComputedStyle(svg.querySelector('text')).fill;
                const bar = getComputedStyle(svg.querySelector('.chart-bar')).fill;
                const bg = getComputedStyle(svg.closest('.chart-scroll')).backgroundColor;
                return {text, bar, bg};
            }"""
        )
        context.close()
    assert colours["light"]["text"] != colours["dark"]["text"]
    assert colours["light"]["bg"] != colours["dark"]["bg"]
