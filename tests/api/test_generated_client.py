"""Proof that the schema matches the responses from the outside: a client generated from the
served OpenAPI document by openapi-python-client (the tool integrators use) lists roles, fetches
a position and the export, and parses every body into its typed models — in process, through an
httpx WSGI transport to the real Django application. `raise_on_unexpected_status` makes any
status the schema does not declare an error, and the models' `from_dict` fail on a missing
required field, a wrong type or an unknown enum value."""

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from ladder.wsgi import application
from roles.models import Position, Role

PACKAGE = "ladder_api_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    # The document /api/schema/ serves (test_schema.py proves they are the same), generated
    # once for the module: it needs no database.
    tmp_path = tmp_path_factory.mktemp("client")
    schema = tmp_path / "schema.json"
    schema.write_bytes(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module(PACKAGE)
        api_package = importlib.import_module(f"{PACKAGE}.api")
        operations = {
            info.name.rsplit(".", 1)[-1]: importlib.import_module(info.name)
            for info in pkgutil.walk_packages(api_package.__path__, f"{PACKAGE}.api.")
            if not info.ispkg
        }
        yield {"package": package, **operations}
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture
def client(generated: dict[str, Any], in_process_wsgi: None) -> Any:
    client = generated["package"].Client(
        base_url="http://testserver", raise_on_unexpected_status=True
    )
    transport = httpx.WSGITransport(app=application)
    client.set_httpx_client(httpx.Client(base_url="http://testserver", transport=transport))
    return client


def test_generated_client_lists_roles(generated: dict[str, Any], client: Any) -> None:
    page = generated["roles_list"].sync(client=client, limit=2)
    assert page.count == Role.objects.count()
    assert [role.slug for role in page.results] == ["technical-product-manager", "product-manager"]
    assert page.next_ == "http://testserver/api/v1/roles/?limit=2&offset=2"
    role = generated["roles_retrieve"].sync(slug="technical-program-manager", client=client)
    assert "TPgM" in role.abbreviations
    assert {topic.topic.value for topic in role.topics} >= {"kpi"}


def test_generated_client_fetches_a_position(generated: dict[str, Any], client: Any) -> None:
    doc = generated["positions_retrieve"].sync(
        key="technical-product-manager.tpm-ii", client=client
    )
    assert doc.key == "technical-product-manager.tpm-ii"
    assert doc.level.maps_to.minimum.slug == "p3"
    assert doc.bands[0].maximum_is_open is True
    assert doc.bands[0].median is None
    assert doc.bands[0].confidence.value in {"high", "medium", "low"}
    assert all(d.aspects is not None for d in doc.dimensions)
    page = generated["positions_list"].sync(client=client, role="product-manager")
    assert page.count == Position.objects.filter(role__slug="product-manager").count()


def test_generated_client_reads_every_resource(generated: dict[str, Any], client: Any) -> None:
    root = generated["root_retrieve"].sync(client=client)
    assert root.api_version == "v1"
    export = generated["export_retrieve"].sync(client=client)
    assert len([p for r in export.roles for p in r.positions]) == Position.objects.count()
    assert generated["bands_list"].sync(client=client, region="us").count > 0
    assert (
        generated["bands_retrieve"]
        .sync(id="product-manager.p3.us.usd.base-salary", client=client)
        .currency
        == "USD"
    )
    assert generated["levels_retrieve"].sync(code="TPM II", client=client).slug == "tpm-ii"
    assert len(generated["scales_list"].sync(client=client).results) == 2
    assert generated["scales_retrieve"].sync(slug="p", client=client).kind.value == "professional"
    assert generated["sources_list"].sync(client=client).count >= 1
    assert generated["sources_retrieve"].sync(slug="ladder-editorial", client=client).slug
    assert generated["search_retrieve"].sync(client=client, q="roadmap").total > 0
    resolved = generated["titles_resolve_retrieve"].sync(client=client, title="TPM")
    assert resolved.ambiguous is True


def test_generated_client_parses_problems(generated: dict[str, Any], client: Any) -> None:
    problem = generated["roles_retrieve"].sync(slug="nope", client=client)
    assert problem.status == 404
    problem = generated["bands_list"].sync(client=client, region="mars")
    assert problem.status == 400
    assert problem.invalid_params[0].name == "region"
    assert problem.invalid_params[0].valid == ["us", "global"]
    response = generated["roles_list"].sync_detailed(client=client, if_none_match="*")
    assert response.status_code == 304


def test_generated_client_compares_positions(generated: dict[str, Any], client: Any) -> None:
    compare = generated["compare_retrieve"]
    keys = "technical-product-manager.p3,technical-product-manager.tpm-ii"
    comparison = compare.sync(client=client, positions=keys, differences_only=True)
    assert comparison.keys == keys.split(",")
    assert comparison.differences_only is True
    assert comparison.columns[1].level_label == "TPM II (P3–P4)"
    assert comparison.columns[1].scale_kind.value == "title"
    assert all(row.differs for section in comparison.sections for row in section.rows)
    delta = comparison.summary.pay[0].deltas[0]
    assert delta.median is None
    assert delta.maximum.bound.value == "at-least"
    problem = compare.sync(client=client, positions="technical-product-manager.p3,astronaut.p9")
    assert problem.status == 400
    assert problem.invalid_params[0].reason == "'astronaut.p9' is not a position"
    assert "technical-product-manager.tpm-ii" in problem.invalid_params[0].valid
    assert problem.positions_url == "http://testserver/api/v1/positions/"
