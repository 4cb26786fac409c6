"""Query counts are pinned and do not grow with the data: the same number of queries for the
shipped 17 positions as for 500 more (100 synthetic roles with a full ladder each) — both when
the documents built at load time are there (the normal case) and when a view builds them live."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ladder.content_edits import mark_content_edited
from ladder.models import StoredDocument
from roles.models import Position
from tests.factories import build_role_with_ladder

# path → queries, pinned. Every answer starts with one read of the data version.
PINNED = {
    "/api/v1/": 2,
    "/api/v1/roles/?limit=1000": 6,
    "/api/v1/roles/technical-product-manager/": 8,
    "/api/v1/scales/": 4,
    "/api/v1/levels/": 3,
    "/api/v1/positions/?limit=1000": 1,  # the version, the stored count and the page's items
    # ... and a filter: its known values, the count, the keys, the items.
    "/api/v1/positions/?role=technical-product-manager&limit=1000": 5,
    "/api/v1/positions/?format=csv": 1,  # the version and the stored file, in one statement
    "/api/v1/positions/?role=technical-product-manager&format=csv": 3,
    "/api/v1/positions/technical-product-manager.p3/": 1,
    "/api/v1/bands/?limit=1000": 3,
    "/api/v1/bands/?format=csv": 1,
    "/api/v1/bands/?region=us&limit=1000": 4,
    "/api/v1/sources/": 3,
    "/api/v1/titles/resolve/?title=Senior+TPM": 5,
    "/api/v1/search/?q=roadmap": 6,
    "/api/v1/export/": 1,
    "/api/v1/compare/?positions=technical-product-manager.p3,product-manager.p3": 6,
    "/api/v1/compare/?positions=technical-product-manager.p3,technical-product-manager.tpm-ii,"
    "product-manager.p4,technical-program-manager.p6": 6,
}

# Without stored documents (a database migrated but not loaded since), the views build them.
PINNED_LIVE = {
    **PINNED,
    "/api/v1/positions/?limit=1000": 6,
    "/api/v1/positions/?role=technical-product-manager&limit=1000": 8,
    "/api/v1/positions/?format=csv": 2,
    "/api/v1/positions/technical-product-manager.p3/": 7,
    "/api/v1/bands/?format=csv": 2,
    "/api/v1/export/": 22,
}


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(queries.captured_queries)


@pytest.fixture
def measure(api: Client) -> Callable[[], dict[str, int]]:
    return lambda: {path: count_queries(api, path) for path in PINNED}


def test_query_counts_are_pinned_and_constant_as_data_grows(
    measure: Callable[[], dict[str, int]], api: Client
) -> None:
    assert measure() == PINNED
    for _ in range(100):
        build_role_with_ladder()
    mark_content_edited()  # what an edit does: a new data version, its documents rebuilt
    assert Position.objects.count() >= 500
    assert measure() == PINNED
    # …and the answers did grow: the list really holds 500+ positions.
    assert api.get("/api/v1/positions/?limit=1000").json()["count"] >= 500


def test_query_counts_without_stored_documents_are_pinned_and_constant(
    measure: Callable[[], dict[str, int]],
) -> None:
    StoredDocument.objects.all().delete()
    assert measure() == PINNED_LIVE
    for _ in range(100):
        build_role_with_ladder()
    assert measure() == PINNED_LIVE
