"""positions/ and positions/{key}/: every dimension, aspect, statement, band and source."""

import csv
import io

import pytest
from django.test import Client

from compensation.models import Band
from roles.models import Aspect, Dimension, Position, Statement
from tests.api.conftest import get_json


def test_positions_list_in_ladder_order_with_links(api: Client) -> None:
    body = get_json(api, "/api/v1/positions/")
    assert body["count"] == Position.objects.count() == 17
    keys = [p["key"] for p in body["results"]]
    assert keys == list(Position.objects.ladder_order().values_list("key", flat=True))
    first = body["results"][0]
    assert first["url"] == "http://testserver/api/v1/positions/technical-product-manager.p2/"
    assert first["html_url"] == "http://testserver/roles/technical-product-manager/p2/"
    assert first["role"]["url"] == "http://testserver/api/v1/roles/technical-product-manager/"
    assert first["level"]["url"] == "http://testserver/api/v1/levels/p2/"
    assert first["scale"]["url"] == "http://testserver/api/v1/scales/p/"
    assert first["bands_url"] == (
        "http://testserver/api/v1/bands/?position=technical-product-manager.p2"
    )


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("role=product-manager", 5),
        ("scale=tpm-titles", 2),
        ("scale=p", 15),
        ("level=p4", 3),
        ("level=TPM%20I", 1),
        ("role=technical-product-manager&scale=p", 5),
        ("role=product-manager&level=tpm-i", 0),  # both valid, no such position: empty, not 400
    ],
)
def test_position_filters(api: Client, query: str, count: int) -> None:
    assert get_json(api, f"/api/v1/positions/?{query}")["count"] == count


def test_position_document_has_everything(api: Client) -> None:
    key = "technical-product-manager.p3"
    doc = get_json(api, f"/api/v1/positions/{key}/")
    position = Position.objects.get(key=key)
    assert doc["key"] == key
    assert doc["url"] == f"http://testserver/api/v1/positions/{key}/"
    assert doc["html_url"] == "http://testserver/roles/technical-product-manager/p3/"
    assert doc["role"]["slug"] == "technical-product-manager"
    assert doc["level"]["scale"]["slug"] == "p"
    assert doc["level"]["maps_to"] is None
    # Every dimension, and every aspect of it, in order.
    assert [d["slug"] for d in doc["dimensions"]] == list(
        Dimension.objects.order_by("order").values_list("slug", flat=True)
    )
    assert sum(len(d["aspects"]) for d in doc["dimensions"]) == Aspect.objects.count()
    # Every statement exactly once: the cells and the bullets.
    cells = [a["statement"] for d in doc["dimensions"] for a in d["aspects"] if a["statement"]]
    bullets = [s for d in doc["dimensions"] for s in d["statements"]]
    assert len(cells) + len(bullets) == Statement.objects.filter(position=position).count()
    responsibilities = doc["dimensions"][0]
    assert responsibilities["aspects"][0]["slug"] == "roadmap-ownership"
    assert responsibilities["aspects"][0]["statement"]["source"]["slug"] == "tpm-i-vs-tpm-ii"
    assert [b["order"] for b in responsibilities["statements"]] == sorted(
        b["order"] for b in responsibilities["statements"]
    )
    # Every band, with links, and the sources the document cites, in the sources' order.
    assert len(doc["bands"]) == Band.objects.filter(position=position).count()
    assert doc["bands"][0]["url"].startswith("http://testserver/api/v1/bands/" + key)
    cited = {doc["source"]["slug"]} | {s["source"]["slug"] for s in cells + bullets}
    cited |= {b["source"]["slug"] for b in doc["bands"]}
    assert {s["slug"] for s in doc["sources"]} == cited
    assert doc["bands_url"] == f"http://testserver/api/v1/bands/?position={key}"


def test_a_title_level_position_carries_its_mapping(api: Client) -> None:
    doc = get_json(api, "/api/v1/positions/technical-product-manager.tpm-i/")
    assert doc["level"]["code"] == "TPM I"
    assert doc["level"]["scale"]["kind"] == "title"
    assert doc["level"]["maps_to"]["minimum"]["slug"] == "p2"
    assert doc["level"]["maps_to"]["maximum"]["slug"] == "p3"


def test_positions_csv_one_row_per_statement(api: Client) -> None:
    response = api.get("/api/v1/positions/?format=csv&role=product-manager")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Statement.objects.filter(position__role__slug="product-manager").count()
    assert list(rows[0]) == [
        "position",
        "role",
        "level",
        "scale",
        "dimension",
        "aspect",
        "order",
        "label",
        "statement",
        "source",
        "confidence",
    ]
    assert rows[0]["position"] == "product-manager.p2"
    assert rows[0]["dimension"] == "responsibilities"
    assert rows[0]["aspect"] == "roadmap-ownership"
    assert {r["role"] for r in rows} == {"product-manager"}
    # Multi-line and quoted text survives the round trip.
    texts = set(
        Statement.objects.filter(position__role__slug="product-manager").values_list(
            "text", flat=True
        )
    )
    assert {r["statement"] for r in rows} == texts


def test_whole_ladder_csv(api: Client) -> None:
    response = api.get("/api/v1/positions/", HTTP_ACCEPT="text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + Statement.objects.count()
