"""Comparisons read the sheets the loader stores (each position's cells and their markup) and
give exactly what building them from the content tables gives, page and JSON, in a constant
number of queries; a position written without the loader is still compared, and an edit that
changes content changes every comparison."""

from itertools import permutations

import pytest
from django.test import Client

from ladder.comparison.store import FRAME_KEY, sheet_key
from ladder.content_edits import mark_content_edited
from ladder.models import StoredDocument
from roles.models import Position, Statement
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
TPM = "technical-product-manager"
# The data version (twice: sheets, choices), the sheets with the frame, the list of positions,
# the sources.
STORED_COMPARISON_QUERIES = 5


@pytest.fixture
def stored_sheets(settings) -> None:
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def compare_url(*keys: str, diff: bool = False) -> str:
    return f"/compare/?positions={','.join(keys)}" + ("&diff=1" if diff else "")


def selections() -> list[tuple[str, ...]]:
    """Every ordered pair of shipped positions, and four-way selections with and without
    repeats."""
    keys = list(Position.objects.ladder_order().values_list("key", flat=True))
    assert len(keys) >= 10
    fours = [tuple(keys[i : i + 4]) for i in range(0, len(keys) - 3, 3)]
    return [*permutations(keys, 2), *fours, (keys[0], keys[0]), (keys[2], keys[1], keys[2])]


def test_sheets_are_stored_for_every_position(stored_sheets: None) -> None:
    stored = set(
        StoredDocument.objects.filter(key__startswith="comparison:").values_list("key", flat=True)
    )
    keys = Position.objects.values_list("key", flat=True)
    assert stored == {FRAME_KEY, *(sheet_key(key) for key in keys)}


def test_every_comparison_from_stored_sheets_is_the_one_built_from_the_tables(
    client: Client, stored_sheets: None, settings
) -> None:
    urls = [compare_url(*keys) for keys in selections()]
    urls += [compare_url(*keys, diff=True) for keys in selections()[-5:]]
    api = [f"/api/v1{url.replace('&diff=1', '&differences_only=true')}" for url in urls[-12:]]
    stored = [client.get(url) for url in [*urls, *api]]
    settings.LADDER_STORED_PAGES = False
    built = [client.get(url) for url in [*urls, *api]]
    for url, mine, theirs in zip([*urls, *api], stored, built, strict=True):
        assert mine.status_code == theirs.status_code == 200, url
        assert mine.content == theirs.content, url


@pytest.mark.parametrize("count", [2, 4])
def test_a_stored_comparison_costs_a_constant_number_of_queries(
    client: Client, stored_sheets: None, django_assert_num_queries, count: int
) -> None:
    keys = [f"{TPM}.p3", "product-manager.p3", "technical-program-manager.p3", f"{TPM}.p4"]
    with django_assert_num_queries(STORED_COMPARISON_QUERIES):
        small = client.get(compare_url(*keys[:count]))
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(STORED_COMPARISON_QUERIES):
        large = client.get(compare_url(*keys[:count]))
    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)  # the form lists the new positions


def test_a_position_written_without_the_loader_is_still_compared(
    client: Client, stored_sheets: None
) -> None:
    role = build_role_with_ladder()  # after the store: it has no sheet
    position = Position.objects.filter(role=role).order_by("level__order").first()
    assert position is not None
    page = client.get(compare_url(f"{TPM}.p3", position.key))
    assert page.status_code == 200
    assert position.title.encode() in page.content
    assert client.get(compare_url(f"{TPM}.p3", "astronaut.p9")).status_code == 400


def test_an_edit_that_changes_content_changes_the_comparison(
    client: Client, stored_sheets: None
) -> None:
    url = compare_url(f"{TPM}.p3", f"{TPM}.p4")
    statement = Statement.objects.filter(position__key=f"{TPM}.p3", aspect__isnull=False).first()
    assert statement is not None
    assert b"Only the edited content says this." not in client.get(url).content
    Statement.objects.filter(pk=statement.pk).update(text="Only the edited content says this.")
    mark_content_edited()
    assert b"Only the edited content says this." in client.get(url).content
