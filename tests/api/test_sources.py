"""sources/: the documents every fact cites and their confidence."""

from django.test import Client

from ladder.models import Source
from tests.api.conftest import get_json


def test_sources_in_order(api: Client) -> None:
    body = get_json(api, "/api/v1/sources/")
    assert [s["slug"] for s in body["results"]] == list(
        Source.objects.order_by("order").values_list("slug", flat=True)
    )
    editorial = body["results"][-1]
    assert editorial["slug"] == "ladder-editorial"
    assert editorial["kind"] == "editorial"
    assert editorial["confidence"] == "low"


def test_source_detail(api: Client) -> None:
    body = get_json(api, "/api/v1/sources/tpm-p2-profile/")
    assert body["url"] == "http://testserver/api/v1/sources/tpm-p2-profile/"
    assert body["kind"] == "seed"
    assert body["file_name"]
    assert body["confidence"] == "high"
    assert all(isinstance(line, str) for line in body["contributed"])
    assert all(set(d) == {"label", "value"} for d in body["details"])


def test_every_cited_source_link_resolves(api: Client) -> None:
    doc = get_json(api, "/api/v1/positions/technical-product-manager.p2/")
    for source in doc["sources"]:
        assert api.get(source["url"]).status_code == 200
