"""bands/: shape, filters, paging, CSV and pinned queries."""

import csv
import io

import pytest
from django.test import Client

from compensation.models import Band
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def test_band_shape(client: Client) -> None:
    band = get_json(client, "/api/v1/bands/technical-product-manager.tpm-ii.us.usd.base-salary/")
    assert band == {
        "id": "technical-product-manager.tpm-ii.us.usd.base-salary",
        "url": "http://testserver/api/v1/bands/technical-product-manager.tpm-ii.us.usd.base-salary/",
        "position": {
            "key": "technical-product-manager.tpm-ii",
            "title": band["position"]["title"],
            "url": "http://testserver/api/v1/positions/technical-product-manager.tpm-ii/",
        },
        "role": {
            "slug": "technical-product-manager",
            "name": "Technical Product Manager",
            "url": "http://testserver/api/v1/roles/technical-product-manager/",
        },
        "level": {
            "slug": "tpm-ii",
            "code": "TPM II",
            "name": "Technical Product Manager II",
            "url": "http://testserver/api/v1/levels/tpm-ii/",
        },
        "region": {"code": "us", "name": "United States"},
        "currency": "USD",
        "basis": "base-salary",
        "minimum": 135000,
        "median": None,
        "maximum": 160000,
        "maximum_is_open": True,
        "year": None,
        "note": band["note"],
        "source": {
            "slug": "tpm-i-vs-tpm-ii",
            "title": band["source"]["title"],
            "url": "http://testserver/api/v1/sources/tpm-i-vs-tpm-ii/",
        },
        "confidence": band["confidence"],
    }


def test_money_is_integers_or_null(client: Client) -> None:
    for band in get_json(client, "/api/v1/bands/")["results"]:
        for figure in ("minimum", "median", "maximum"):
            assert band[figure] is None or isinstance(band[figure], int)
        assert len(band["currency"]) == 3
        assert band["currency"].isupper()


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 18),
        ("role=product-manager", 5),
        ("role=Product-Manager", 5),
        ("level=p2", 4),
        ("level=P2", 4),
        ("level=TPM%20II", 1),
        ("position=technical-product-manager.p2", 2),
        ("region=global", 1),
        ("region=US", 17),
        ("currency=usd", 18),
        ("basis=base-salary", 18),
        ("role=technical-product-manager&level=p2&region=us", 1),
    ],
)
def test_band_filters(client: Client, query: str, count: int) -> None:
    assert Band.objects.count() == 18
    assert get_json(client, f"/api/v1/bands/?{query}")["count"] == count


def test_bands_csv_one_row_per_band(client: Client) -> None:
    response = client.get("/api/v1/bands/?format=csv&role=technical-product-manager")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ladder-bands.csv"'
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert (
        len(rows) == Band.objects.filter(position__role__slug="technical-product-manager").count()
    )
    assert list(rows[0]) == [
        "id",
        "position",
        "role",
        "level",
        "region",
        "currency",
        "basis",
        "minimum",
        "median",
        "maximum",
        "maximum_is_open",
        "year",
        "source",
        "confidence",
        "note",
    ]
    open_top = next(
        r for r in rows if r["id"] == "technical-product-manager.tpm-ii.us.usd.base-salary"
    )
    assert open_top["maximum"] == "160000"
    assert open_top["maximum_is_open"] == "true"
    assert open_top["median"] == ""
    assert b"\r\n" in raw


def test_bands_csv_by_accept_header_is_the_whole_set_unpaged(client: Client) -> None:
    response = client.get("/api/v1/bands/?limit=1", HTTP_ACCEPT="text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + Band.objects.count()


def test_empty_csv_still_has_its_header(client: Client) -> None:
    Band.objects.filter(position__role__slug="product-manager").delete()
    response = client.get("/api/v1/bands/?format=csv&role=product-manager")
    assert response.content.decode("utf-8-sig").splitlines() == [
        "id,position,role,level,region,currency,basis,minimum,median,maximum,maximum_is_open,"
        "year,source,confidence,note"
    ]


def test_band_queries_are_pinned(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):  # framework state, count, bands (joined)
        client.get("/api/v1/bands/")
    with django_assert_num_queries(1):  # the framework state and the stored file, together
        client.get("/api/v1/bands/?format=csv")
    with django_assert_num_queries(5):  # + one query per filter to validate its value
        client.get("/api/v1/bands/?role=product-manager&region=us")
    with django_assert_num_queries(2):
        client.get("/api/v1/bands/product-manager.p3.us.usd.base-salary/")
