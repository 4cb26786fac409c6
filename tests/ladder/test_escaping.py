"""Text from the content files is content, never markup: HTML in a statement, a title or a
summary is loaded as it is written, shown as text on every page and returned by the API as a
plain JSON string."""

import json
from collections.abc import Iterator

import pytest

from ladder.loader import load_ladder
from tests.ladder.fixture_cases import PM, data_edit
from tests.pages import parse

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BOLD = "<b>Zanzibar</b>"
STATEMENT = f"Owns the quuxfrob roadmap {SCRIPT} and {BOLD} for the team."
TITLE = f"Product Manager {SCRIPT} P2"
SUMMARY = f"The product manager {BOLD} decides {SCRIPT} what to build."


@pytest.fixture
def markup_loaded(fixtures_copy) -> None:
    def put_markup(d: dict) -> None:
        d["summary"] = SUMMARY
        position = d["positions"][0]
        assert position["level"] == "p2"
        position["title"] = TITLE
        position["dimensions"]["responsibilities"]["aspects"]["roadmap-ownership"] = STATEMENT

    data_edit(put_markup)(fixtures_copy / PM)
    load_ladder(paths=[fixtures_copy])  # HTML is text: the files are valid and load


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_shown_as_text(client, url: str, *expected: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert SCRIPT not in html, f"raw markup on {url}"
    assert BOLD not in html, f"raw markup on {url}"
    assert ESCAPED in html, f"the escaped text is missing on {url}"
    page = parse(response.content)
    # Read back as a browser would, the markup is the text the file gave…
    shown = page.text(skip=frozenset())
    for text in expected:
        assert text in shown, f"{text!r} not shown on {url}"
    # …and it made no element: no script runs it, nothing is bold because of it.
    for element in page.iter():
        if element.tag == "script":
            assert "alert(1)" not in element.raw_text() or element.attrs.get("type") == (
                "application/ld+json"
            ), url
        if element.tag == "b":
            assert "Zanzibar" not in element.text(), url


def test_position_page_shows_markup_as_text(client, markup_loaded):
    assert_shown_as_text(client, "/roles/product-manager/p2/", STATEMENT, TITLE)


def test_position_json_ld_cannot_close_its_script(client, markup_loaded):
    html = client.get("/roles/product-manager/p2/").content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert ">" not in block
    assert STATEMENT in set(strings(json.loads(block)))  # the same text, escaped for a script


def test_role_page_shows_markup_as_text(client, markup_loaded):
    assert_shown_as_text(client, "/roles/product-manager/", SUMMARY)


def test_compare_page_shows_markup_as_text(client, markup_loaded):
    assert_shown_as_text(
        client,
        "/compare/?positions=product-manager.p2,technical-product-manager.p2",
        STATEMENT,
    )


def test_search_page_shows_markup_as_text(client, markup_loaded):
    # The highlighted term is wrapped in <mark>, so the statement reads in pieces; the markup
    # around it is still text.
    assert_shown_as_text(client, "/search/?q=quuxfrob", SCRIPT, BOLD)


def test_api_returns_markup_as_a_plain_string(client, markup_loaded):
    response = client.get("/api/v1/positions/product-manager.p2/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert b"&lt;" not in response.content  # JSON is not HTML-escaped…
    found = set(strings(response.json()))
    assert STATEMENT in found  # …it is the text exactly as the file wrote it
    assert TITLE in found
