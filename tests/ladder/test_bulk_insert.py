"""The loader's inserts: what goes in comes back as the ORM would have written it, on both
databases (PostgreSQL: a binary COPY), and the database still checks every constraint."""

import pytest
from axes.models import AccessAttempt
from django.db import IntegrityError, transaction

from compensation.models import Band, Region
from ladder.bulk_insert import insert_rows
from ladder.models import Source, StoredDocument
from roles.models import Position
from tests.factories import PositionFactory, editorial

pytestmark = pytest.mark.django_db
BODY = bytes(range(256)) * 16 + "é \x00 ✓".encode()


def test_values_come_back_as_written() -> None:
    details = [{"label": "Score ✓", "value": '4.5 / 5 — "quoted" \\ back'}]
    count = insert_rows(
        Source,
        [
            {
                "slug": "probe-one",
                "title": "Tab\there, newline\nthere, NUL-free é",
                "kind": "seed",
                "file_name": "probe.md",
                "summary": "S",
                "confidence": "high",
                "contributed": ["one", "two"],
                "details": details,
                "order": 901,
            },
            # Left out: file_name and publisher (blank), contributed and details (default list).
            {
                "slug": "probe-two",
                "title": "T",
                "kind": "editorial",
                "summary": "S",
                "confidence": "low",
                "order": 902,
            },
        ],
    )
    assert count == 2
    one, two = Source.objects.filter(slug__startswith="probe-").order_by("order")
    assert one.title == "Tab\there, newline\nthere, NUL-free é"
    assert (one.contributed, one.details) == (["one", "two"], details)
    assert one.file_name == "probe.md"
    assert (two.file_name, two.publisher, two.contributed, two.details) == ("", "", [], [])


def test_numbers_nulls_booleans_and_foreign_keys() -> None:
    position = PositionFactory()
    assert isinstance(position, Position)
    source = editorial()
    region = Region.objects.get(code="us")
    insert_rows(
        Band,
        [
            {
                "position_id": position.pk,
                "region_id": region.pk,
                "currency": "USD",
                "basis": "base-salary",
                "minimum": 100_000,
                "median": None,
                "maximum": 160_000,
                "maximum_is_open": True,
                "year": 2026,
                "note": "",
                "order": 5,
                "source_id": source.pk,
                "confidence": "low",
            },
        ],
    )
    band = Band.objects.get(position=position, order=5)
    assert (band.minimum, band.median, band.maximum) == (100_000, None, 160_000)
    assert (band.maximum_is_open, band.year, band.source_id) == (True, 2026, source.pk)


def test_bytes_come_back_byte_for_byte() -> None:
    insert_rows(
        StoredDocument,
        [{"data_version": "v", "key": "probe", "content_type": "text/plain", "body": BODY}],
    )
    assert bytes(StoredDocument.objects.get(key="probe").body) == BODY


ROW = {"title": "T", "kind": "editorial", "summary": "S", "confidence": "high"}


@pytest.mark.parametrize(
    "rows",
    [
        [{**ROW, "slug": "twice", "order": 903}, {**ROW, "slug": "twice", "order": 904}],
        [{**ROW, "slug": "seed-without-file", "kind": "seed", "order": 905}],
    ],
    ids=["unique", "check"],
)
def test_the_database_still_checks_constraints(rows) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Source, rows)
    assert not Source.objects.filter(order__gte=903).exists()


def test_nothing_to_insert_runs_no_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert insert_rows(Source, []) == 0


def test_a_field_that_fills_itself_in_on_save_is_refused() -> None:
    with pytest.raises(ValueError, match="attempt_time fills itself in on save"):
        insert_rows(AccessAttempt, [{}])
