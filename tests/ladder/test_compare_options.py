"""The comparison form's options: stored by the loader, read in the query the list of positions
cost, each select's choice marked, and the page the same as with options rendered live."""

import pytest
from django.test import Client

from ladder.compare_options import (
    OPTIONS_KEY,
    option_fragments,
    options_placeholder,
    render_options,
    with_selected,
)
from ladder.content_edits import mark_content_edited
from ladder.models import Framework, StoredDocument
from ladder.selectors import position_choices
from ladder.splicing import splice
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
TPM = "technical-product-manager"
PAIRS = [
    f"/compare/?positions={TPM}.tpm-i,{TPM}.tpm-ii",
    f"/compare/?positions={TPM}.p3,product-manager.p3,technical-program-manager.p3,{TPM}.p4",
    f"/compare/?positions={TPM}.p3",  # incomplete: the form only
    f"/compare/?positions={TPM}.p3,astronaut.p1",  # rejected: options rendered with the ids
    "/compare/?positions=&diff=1",
]
# Everything stored is read in one query: the sheets, the cells, the sources and the options.
COMPARE_QUERIES = 1


@pytest.fixture
def stored_pages(settings) -> None:
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def test_the_loader_stores_the_options(stored_pages: None) -> None:
    stored = StoredDocument.objects.get(key=OPTIONS_KEY)
    assert stored.body.decode() == render_options(position_choices())
    assert f'<option value="{TPM}.tpm-ii">' in stored.body.decode()
    assert " selected" not in stored.body.decode()


@pytest.mark.parametrize("path", PAIRS)
def test_a_comparison_with_stored_options_is_the_one_with_live_options(
    client: Client, stored_pages: None, settings, path: str
) -> None:
    stored = client.get(path)
    settings.LADDER_STORED_PAGES = False
    live = client.get(path)
    assert stored.status_code == live.status_code
    assert stored.content == live.content


def test_stored_options_are_read_in_one_query_at_any_size(
    client: Client, stored_pages: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(COMPARE_QUERIES):
        small = client.get(PAIRS[0])
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(COMPARE_QUERIES) as captured:
        large = client.get(PAIRS[0])
    assert any("ladder_storeddocument" in q["sql"] for q in captured.captured_queries)
    assert len(large.content) > len(small.content)  # the new positions are options


def test_options_of_another_version_are_never_used(client: Client, stored_pages: None) -> None:
    StoredDocument.objects.filter(key=OPTIONS_KEY).update(body=b"<option>stale</option>")
    assert b"stale" in client.get(PAIRS[0]).content  # the stored ones are what is read
    Framework.objects.update(data_version="someotherversion")
    page = client.get(PAIRS[0]).content
    assert b"stale" not in page
    assert f'<option value="{TPM}.tpm-ii" selected>'.encode() in page


def test_each_select_marks_its_own_choice() -> None:
    options = '<option value="a.p1">A</option><option value="b.p1">B</option>'
    assert with_selected(options, "b.p1") == (
        '<option value="a.p1">A</option><option value="b.p1" selected>B</option>'
    )
    assert with_selected(options, "") == options
    assert with_selected(options, "c.p1") == options
    assert with_selected(options, '"><script>') == options


def fill_options(page: bytes, options: bytes, values: list[str]) -> bytes:
    return splice(page, option_fragments(options, values))


def test_each_select_gets_the_options_spliced_in_with_its_own_choice() -> None:
    options = b'<option value="a.p1">A</option><option value="b.p1">B</option>'
    page = b"<select>" + options_placeholder(1).encode() + b"</select><select>"
    page += options_placeholder(2).encode() + b"</select>"
    filled = fill_options(page, options, ["b.p1", ""])
    assert filled == (
        b'<select><option value="a.p1">A</option><option value="b.p1" selected>B</option>'
        b'</select><select><option value="a.p1">A</option><option value="b.p1">B</option>'
        b"</select>"
    )
    assert fill_options(page, options, ['"><script>', "c.p1"]) == page.replace(
        options_placeholder(1).encode(), options
    ).replace(options_placeholder(2).encode(), options)
