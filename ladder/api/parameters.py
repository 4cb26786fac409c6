"""Every operation under /api/v1/ takes the query parameters its OpenAPI description lists, plus
`format`, each at most once: anything else is a 400 problem that names the parameter and lists
the ones the operation takes. A typo such as `?roles=` for `?role=` would otherwise answer with
the whole, unfiltered list as if it had been filtered, and `?role=a&role=b` with one of the two.

The lists come from the OpenAPI document itself (generated once per process, on first use), so
the API accepts exactly what it documents. A view whose parameter may repeat (compare/'s
`positions`, also sent as one parameter per position) names it in `repeatable_parameters`.
"""

from collections.abc import Callable
from functools import cache
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from drf_spectacular.generators import SchemaGenerator

from ladder.api.exceptions import InvalidParam
from ladder.problems import is_api, problem_response

FORMAT_PARAM = "format"  # REST_FRAMEWORK["URL_FORMAT_OVERRIDE"]: every operation takes it

View = Callable[..., HttpResponse]


@cache
def documented_parameters() -> dict[tuple[View, str], tuple[str, ...]]:
    """(URL callback, method) → the query parameters the document lists for that operation."""
    generator = SchemaGenerator()
    paths = generator.get_schema(request=None, public=True)["paths"]
    # (path, path regex, method, URL callback); the stubs know only three of the four.
    endpoints = cast("list[tuple[str, str, str, View]]", generator.endpoints or [])
    documented = {}
    for path, _regex, method, callback in endpoints:
        operation = paths.get(path, {}).get(method.lower())
        if operation is not None:
            names = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "query"}
            documented[callback, method] = tuple(sorted(names | {FORMAT_PARAM}))
    return documented


def parameter_problems(
    given: dict[str, list[str]], accepted: tuple[str, ...], repeatable: tuple[str, ...] = ()
) -> list[InvalidParam]:
    problems = []
    for name, values in given.items():
        if name not in accepted:
            reason = "is not a parameter of this operation"
            problems.append(InvalidParam(name[:50], reason, list(accepted)))
        elif len(values) > 1 and name not in repeatable:
            reason = f"is given {len(values)} times; give it once"
            problems.append(InvalidParam(name, reason))
    return problems


class DocumentedParametersOnly:
    """Middleware: answers a GET or HEAD under /api/ whose query has a parameter its operation
    does not take, or takes only once. Other methods are left to the view (405)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: View, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.GET or not is_api(request) or request.method not in ("GET", "HEAD"):
            return None
        accepted = documented_parameters().get((view, "GET"))
        if accepted is None:  # not an operation of the document (the schema, the docs)
            return None
        repeatable = getattr(getattr(view, "cls", None), "repeatable_parameters", ())
        problems = parameter_problems(dict(request.GET.lists()), accepted, repeatable)
        if not problems:
            return None
        return problem_response(
            request,
            400,
            "Invalid query parameter",
            "; ".join(f"{p.name}: {p.reason}" for p in problems)
            + f". This operation takes {', '.join(accepted)}.",
            invalid_params=[p.as_dict() for p in problems],
        )
