"""What every list shares: stable paging through `next`, absolute item links that resolve."""

import pytest
from django.test import Client

from tests.api.conftest import get_json

LISTS = [
    "/api/v1/roles/",
    "/api/v1/scales/",
    "/api/v1/levels/",
    "/api/v1/positions/",
    "/api/v1/bands/",
    "/api/v1/sources/",
]


@pytest.mark.parametrize("path", LISTS)
def test_paging_through_next_gives_the_whole_list_in_order(api: Client, path: str) -> None:
    whole = get_json(api, path)
    seen, url = [], f"{path}?limit=2"
    while url:
        page = get_json(api, url)
        assert page["count"] == whole["count"]
        assert len(page["results"]) <= 2
        seen += page["results"]
        url = page["next"]
    assert seen == whole["results"]


@pytest.mark.parametrize("path", LISTS)
def test_every_item_has_an_absolute_url_that_answers_with_it(api: Client, path: str) -> None:
    for item in get_json(api, path)["results"]:
        assert item["url"].startswith("http://testserver/api/v1/")
        detail = get_json(api, item["url"])
        assert detail["url"] == item["url"]
