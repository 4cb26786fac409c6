"""The comparison page in a real browser: reached from a position page, driven by its plain form
with JavaScript off, left by a column link; axe-core in light and dark; screenshots at phone and
desktop widths; readable stacked rows on a phone; a clean print. (Every compare page type is
also in conftest.PAGES: validated by vnu, screenshotted and checked by axe with the others.)"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_pages import DESKTOP, PHONE, Scheme, run_axe

pytestmark = pytest.mark.browser

TPM_P3 = "technical-product-manager.p3"
TPM_P4 = "technical-product-manager.p4"
PM_P3 = "product-manager.p3"
FOUR = (
    "/compare/?positions=technical-product-manager.p3,technical-product-manager.tpm-ii,"
    "product-manager.p3,technical-program-manager.p4"
)


def positions_of(url: str) -> list[str]:
    query = parse_qs(urlparse(url).query)
    return [key for value in query.get("positions", []) for key in value.split(",") if key]


def test_from_a_position_to_a_comparison_and_back(browser: Browser, live_url: str):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.goto(live_url + "/roles/technical-product-manager/p3/")
    page.get_by_role("link", name="Compare with the next level").click()
    assert positions_of(page.url) == [TPM_P3, TPM_P4]
    expect(page.locator("h1")).to_have_text("Compare positions")
    expect(page.locator("#what-changes .compare-step")).to_contain_text("P3 → P4")
    expect(page.get_by_label("Position 1 (baseline)")).to_have_value(TPM_P3)
    expect(page.get_by_label("Position 2")).to_have_value(TPM_P4)

    # Change the second position to the same level in another role, ask for differences only.
    expect(page.get_by_label("Show differences only")).not_to_be_checked()
    page.get_by_label("Position 2").select_option(PM_P3)
    page.get_by_role("button", name="Compare").click()
    assert positions_of(page.url) == [TPM_P3, PM_P3]
    # The "what changes" summary always shows its five facts; the dimensions are filtered.
    same = page.locator(".compare-section tr.row-same")
    assert same.count() > 0
    # P3 is P3 for every role: the level definition is the same.
    expect(page.locator("#level-definition-table tbody tr").first).to_contain_text("Same")
    differing = page.locator(".compare-section tr.row-differs").count()

    page.get_by_label("Show differences only").check()
    page.get_by_role("button", name="Compare").click()
    assert parse_qs(urlparse(page.url).query)["diff"] == ["1"]
    expect(page.get_by_label("Show differences only")).to_be_checked()
    expect(same).to_have_count(0)
    expect(page.locator(".compare-section tr.row-differs")).to_have_count(differing)
    expect(page.locator("#level-definition")).to_have_count(0)  # every row of it was the same
    expect(page.get_by_role("link", name="Show every row")).to_be_visible()

    # Swap the two, then follow a column header back to a position page.
    page.get_by_role("link", name="Swap the two positions").click()
    assert positions_of(page.url) == [PM_P3, TPM_P3]
    expect(page.get_by_label("Show differences only")).to_be_checked()
    page.locator("#responsibilities-table thead").get_by_role(
        "link", name="Technical Product Manager — P3"
    ).click()
    expect(page).to_have_url(live_url + "/roles/technical-product-manager/p3/")
    expect(page.locator("h1")).to_have_text("Technical Product Manager — P3")
    context.close()


def test_a_bad_selection_is_explained_with_the_valid_ids(page: Page, live_url: str):
    response = page.goto(live_url + "/compare/?positions=technical-product-manager.p3,astronaut.p9")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("No such position: “astronaut.p9”")
    expect(page.get_by_label("Position 2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#valid-ids")).to_contain_text("technical-product-manager.tpm-ii")
    page.locator("#valid-ids").get_by_role("link", name="Product Manager — P4", exact=True).click()
    expect(page).to_have_url(live_url + "/roles/product-manager/p4/")


@pytest.mark.parametrize("path", [FOUR, FOUR + "&diff=1"], ids=["four", "four-differences"])
def test_axe_finds_no_violations_on_a_full_comparison(browser: Browser, live_url: str, path: str):
    found = {}
    runs: list[tuple[int, Scheme]] = [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light")]
    for width, scheme in runs:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_url + path)
        violations = run_axe(page)
        if violations:
            found[f"{width}px {scheme}"] = violations
        context.close()
    assert found == {}


def test_screenshots_and_a_readable_phone_layout(browser: Browser, live_url: str, artifacts: Path):
    for width in (PHONE, DESKTOP):
        for scheme in ("light", "dark") if width == DESKTOP else ("light",):
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(live_url + FOUR)
            page.screenshot(path=artifacts / f"compare-four-{width}-{scheme}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            cell = page.locator("#responsibilities-table tbody td").first
            label = cell.locator(".cell-position")
            if width == PHONE:
                # One card per row: each position's cell a full-width block, labelled.
                assert cell.evaluate("e => getComputedStyle(e).display") == "block"
                expect(label).to_be_visible()
                expect(label).to_have_text("Technical Product Manager — P3")
                box = cell.bounding_box()
                assert box is not None
                assert box["width"] > width * 0.75, box
            else:
                expect(label).to_be_hidden()
                expect(page.locator("#responsibilities-table thead th")).to_have_count(5)
            context.close()
    context = browser.new_context(viewport={"width": PHONE, "height": 900})
    page = context.new_page()
    page.goto(
        live_url + "/compare/?positions=technical-product-manager.p3,technical-product-manager.p4"
    )
    page.screenshot(path=artifacts / f"compare-next-level-{PHONE}-light.png", full_page=True)
    context.close()


def test_a_comparison_prints_cleanly(page: Page, live_url: str, artifacts: Path):
    page.goto(live_url + FOUR)
    page.emulate_media(media="print")
    for selector in ("form", ".site-nav", ".compare-moves", ".compare-tools", ".cell-position"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#what-changes table")).to_be_visible()
    expect(page.locator("#responsibilities-table thead th")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    pdf = page.pdf(prefer_css_page_size=True)
    (artifacts / "print-compare-four.pdf").write_bytes(pdf)
    assert re.search(rb"/Type\s*/Page[^s]", pdf)
