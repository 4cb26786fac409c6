"""Property-based testing of every operation against the OpenAPI document, in process on the
WSGI app: no 5xx, every response conforms to its declared schema, every status code and content
type is declared. Bounded examples keep the run short.

The document is generated at collection and bound to the app (rather than fetched lazily from a
fixture): schemathesis' lazy pytest loader does not work with pytest 9, and the document needs no
database. test_schema.py proves it is exactly the one /api/schema/ serves."""

import json

import pytest
import schemathesis
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ladder.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def load_schema() -> schemathesis.schemas.BaseSchema:
    """The document /api/schema/ serves, generated at collection (it needs no database; the
    served one is compared with it in test_schema.py), bound to the WSGI app."""
    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


schema = load_schema()


@pytest.mark.usefixtures("in_process_wsgi")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_conforms_to_the_schema(case: schemathesis.Case) -> None:
    cache.clear()  # throttling is tested on its own; here every example starts fresh
    case.call_and_validate(checks=CHECKS)
