"""export/: the whole ladder in one document."""

from django.test import Client

from compensation.models import Band, PayRelation
from ladder.models import Framework, Source
from levels.models import Level
from roles.models import Aspect, Position, Role, Statement
from tests.api.conftest import get_json


def test_export_holds_the_whole_ladder(api: Client) -> None:
    doc = get_json(api, "/api/v1/export/")
    framework = Framework.objects.get()
    assert doc["api_version"] == "v1"
    assert doc["data_version"] == framework.data_version
    assert doc["framework"]["review_status"] == framework.review_status
    assert len(doc["sources"]) == Source.objects.count()
    assert sum(len(d["aspects"]) for d in doc["dimensions"]) == Aspect.objects.count()
    assert sum(len(s["levels"]) for s in doc["scales"]) == Level.objects.count()
    assert [r["code"] for r in doc["regions"]] == ["us", "global"]
    assert [r["slug"] for r in doc["roles"]] == list(
        Role.objects.order_by("order").values_list("slug", flat=True)
    )
    positions = [p for r in doc["roles"] for p in r["positions"]]
    assert [p["key"] for p in positions] == list(
        Position.objects.ladder_order().values_list("key", flat=True)
    )
    statements = sum(
        len(d["statements"]) + sum(1 for a in d["aspects"] if a["statement"])
        for p in positions
        for d in p["dimensions"]
    )
    assert statements == Statement.objects.count()
    assert sum(len(p["bands"]) for p in positions) == Band.objects.count()
    relations = [rel for r in doc["roles"] for rel in r["pay_relations"]]
    assert len(relations) == PayRelation.objects.count()
    assert relations[0]["example"]["currency"] == "USD"


def test_export_equals_the_position_documents(api: Client) -> None:
    doc = get_json(api, "/api/v1/export/")
    exported = doc["roles"][0]["positions"][1]
    assert exported == get_json(api, exported["url"])


def test_export_is_revalidated_cheaply(api: Client, django_assert_num_queries) -> None:
    etag = api.get("/api/v1/export/")["ETag"]
    with django_assert_num_queries(1):  # the data version; nothing is rebuilt
        assert api.get("/api/v1/export/", HTTP_IF_NONE_MATCH=etag).status_code == 304
