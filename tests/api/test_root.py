"""The API root: every resource, the API version, the data version."""

import re

from django.test import Client

from ladder.models import Framework
from tests.api.conftest import get_json


def test_root_links_every_resource_and_names_the_data_version(api: Client) -> None:
    framework = Framework.objects.get()
    response = api.get("/api/v1/")
    body = response.json()
    assert body["api_version"] == "v1"
    assert body["data_version"] == framework.data_version
    assert response["X-Ladder-Data-Version"] == framework.data_version
    assert body["framework"]["version"] == framework.version
    assert body["framework"]["review_status"] == framework.review_status
    assert set(body["resources"]) >= {
        "roles",
        "scales",
        "levels",
        "positions",
        "bands",
        "sources",
        "search",
        "titles_resolve",
        "export",
        "compare",
    }
    for url in body["resources"].values():
        assert url.startswith("http://testserver/api/v1/")
    assert body["schema"] == "http://testserver/api/schema/"
    assert body["docs"] == "http://testserver/api/docs/"


def test_every_linked_list_answers(api: Client) -> None:
    resources = get_json(api, "/api/v1/")["resources"]
    for name, url in resources.items():
        if name in {"search", "titles_resolve", "compare"}:
            continue  # they need a query; see their own tests
        assert api.get(url).status_code == 200, name


def test_api_prefix_redirects_to_the_current_version(api: Client) -> None:
    response = api.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/"


def test_docs_are_self_hosted(api: Client) -> None:
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
    assert "unpkg" not in html
    # The page's script is served separately (no inline script under the CSP); it loads the
    # schema from this server.
    script = re.search(r'<script src="([^"]+\?script=)"', html)
    assert script, html
    assert "/api/schema/" in api.get(script.group(1)).content.decode()
