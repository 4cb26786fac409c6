"""Comparisons from stored sheets and cells: the loader stores every position's, a comparison
reads them (with the form's options and the sources) in one query at any size, the page and the
JSON are byte for byte what the live path gives, and another version's are never read."""

import pickle

import pytest
from django.template import engines
from django.test import Client

from ladder.citations import Citation
from ladder.compare_cells import SOURCES_KEY, cells_key, cite_markup
from ladder.comparison.store import OUTLINE_KEY, sheet_key
from ladder.content_edits import mark_content_edited
from ladder.models import Framework, Source, SourceKind, StoredDocument
from roles.models import Position
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
TPM, PM, PROGRAM = "technical-product-manager", "product-manager", "technical-program-manager"
COMPARISONS = [
    f"positions={TPM}.tpm-i,{TPM}.tpm-ii",
    f"positions={TPM}.p3,{PM}.p3,{PROGRAM}.p3,{TPM}.p4",
    f"positions={TPM}.p3,{TPM}.p4&diff=1",
    f"positions={PM}.p5,{PM}.p5",  # the same position twice
    f"positions={TPM}.tpm-ii,{PROGRAM}.p6,{PM}.p2",
    f"positions={PM}.p5,{PM}.p5&diff=1",  # no row differs: no section is shown
]
STORED_COMPARISON_QUERIES = 1


@pytest.fixture
def stored_pages(settings) -> None:
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def test_the_loader_stores_every_positions_sheet_and_cells(stored_pages: None) -> None:
    keys = set(StoredDocument.objects.values_list("key", flat=True))
    for position in Position.objects.values_list("key", flat=True):
        assert {sheet_key(position), cells_key(position)} <= keys
    assert {OUTLINE_KEY, SOURCES_KEY} <= keys
    sources = pickle.loads(StoredDocument.objects.get(key=SOURCES_KEY).body)
    assert [s.slug for s in sources] == list(Source.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("query", COMPARISONS)
@pytest.mark.parametrize("path", ["/compare/", "/api/v1/compare/"])
def test_a_stored_comparison_is_the_live_one_byte_for_byte(
    client: Client, stored_pages: None, settings, path: str, query: str
) -> None:
    if path.startswith("/api/"):
        query = query.replace("&diff=1", "&differences_only=true")
    stored = client.get(f"{path}?{query}")
    settings.LADDER_STORED_PAGES = False
    live = client.get(f"{path}?{query}")
    assert stored.status_code == live.status_code == 200
    assert stored.content == live.content


def test_a_stored_comparison_costs_one_query_at_any_size(
    client: Client, stored_pages: None, django_assert_num_queries
) -> None:
    path = f"/compare/?{COMPARISONS[1]}"
    with django_assert_num_queries(STORED_COMPARISON_QUERIES):
        small = client.get(path)
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(STORED_COMPARISON_QUERIES):
        large = client.get(path)
    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)  # the new positions are options


def test_sheets_and_cells_of_another_version_are_never_read(
    client: Client, stored_pages: None
) -> None:
    path = f"/compare/?{COMPARISONS[0]}"
    marker = "Stale cell"
    for document in StoredDocument.objects.filter(key__startswith="fragment:compare-cells:"):
        cells = pickle.loads(document.body)
        cells.markup.update(dict.fromkeys(cells.markup, marker.encode()))
        document.body = pickle.dumps(cells)
        document.save()
    assert marker in client.get(path).content.decode()  # what is stored is what is read
    Framework.objects.update(data_version="someotherversion")
    page = client.get(path).content.decode()
    assert marker not in page
    assert "TPM II" in page


@pytest.mark.parametrize("kind", [SourceKind.EDITORIAL, SourceKind.SEED])
def test_the_cells_citation_mark_is_the_one_every_other_page_uses(kind: str) -> None:
    source = Source(pk=7, slug="a-guide", title='A "guide" <to> levels & pay', kind=kind)
    citation = Citation(number=3, source=source, confidence="high")
    macro = engines["jinja2"].env.get_template("includes/cite.html").module.cite  # type: ignore[attr-defined]
    assert cite_markup(citation) == str(macro(c=citation))


def test_a_comparison_where_no_row_differs_says_so(client: Client, stored_pages: None) -> None:
    page = client.get(f"/compare/?{COMPARISONS[-1]}").content.decode()
    assert '<section class="section" id="no-differences"' in page
    assert 'class="section compare-section"' not in page
