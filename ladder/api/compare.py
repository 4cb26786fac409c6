"""compare/: two to four positions side by side, as `ladder.comparison` builds them.

The body is `Comparison.to_dict()` with absolute links added: each column's `url` is the position
in the API and `html_url` its page; the comparison itself has `url` (this resource) and
`html_url` (the comparison page). The serializers below describe that document to the OpenAPI
schema (they mirror `ladder.comparison.results`); the tests check real answers against it.

A selection the comparison cannot answer — a malformed or unknown key, fewer than two or more
than four positions — is a 400 problem whose `invalid_params` names the rejected keys and lists
every valid one, with `positions_url` to the list of positions.
"""

from typing import Any, get_args

from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from compensation.models import Basis
from ladder.api.base import LadderAPIView
from ladder.api.exceptions import InvalidParam, InvalidQueryParameters
from ladder.api.links import ApiLinks, links_for
from ladder.api.schema import PROBLEM_MEDIA_TYPE, PROBLEM_REF
from ladder.comparison import (
    MAX_POSITIONS,
    MIN_POSITIONS,
    Comparison,
    SelectionError,
    compare_positions,
)
from ladder.comparison.results import Bound, RowKind
from ladder.comparison.selection import KEY_EXAMPLE, valid_keys
from ladder.models import Confidence
from levels.models import ScaleKind

POSITIONS_PARAM = "positions"
DIFFERENCES_ONLY_PARAM = "differences_only"
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}

# --- the document, described ----------------------------------------------------------------


class ComparisonCitationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    source = serializers.SlugField(help_text="The source's slug (see sources/).")  # type: ignore[assignment]
    title = serializers.CharField()
    confidence = serializers.ChoiceField(choices=Confidence.choices)


class ComparisonColumnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One compared position; `index` is its place in the selection (0 is the baseline)."""

    index = serializers.IntegerField(min_value=0, max_value=MAX_POSITIONS - 1)
    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    role_slug = serializers.SlugField()
    role_name = serializers.CharField()
    level_slug = serializers.SlugField()
    level_code = serializers.CharField()
    level_name = serializers.CharField()
    scale_slug = serializers.SlugField()
    scale_name = serializers.CharField()
    scale_kind = serializers.ChoiceField(choices=ScaleKind.choices)
    is_title_level = serializers.BooleanField()
    p_levels = serializers.CharField(
        allow_blank=True, help_text='The P-levels the level is or maps to: "P3", "P2–P3".'
    )
    level_label = serializers.CharField(help_text='"P3", or "TPM I (P2–P3)" for a title level.')
    years = serializers.CharField(allow_blank=True, help_text='Typical experience: "3–6 yrs".')
    mapping_note = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="The position in the API.")
    html_url = serializers.URLField(help_text="The position's page.")


class ComparisonBulletSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    text = serializers.CharField()
    citation = ComparisonCitationSerializer()


class ComparisonBandSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A pay band in one region, currency and basis: annual figures in whole units."""

    region = serializers.CharField()
    region_name = serializers.CharField()
    currency = serializers.CharField()
    basis = serializers.ChoiceField(choices=Basis.choices)
    basis_label = serializers.CharField()
    minimum = serializers.IntegerField(allow_null=True)
    median = serializers.IntegerField(allow_null=True)
    maximum = serializers.IntegerField(allow_null=True)
    maximum_is_open = serializers.BooleanField(help_text="The maximum is a floor, not a cap.")
    year = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    display = serializers.CharField(help_text='"95,000–120,000 USD, median 108,000"')


class ComparisonCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What one position says in one row. `display` is the text to show ("not defined for this
    position" when `defined` is false; "" for a bullets cell, which shows `bullets`)."""

    defined = serializers.BooleanField()
    display = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_null=True, allow_blank=True)
    bullets = ComparisonBulletSerializer(many=True)
    band = ComparisonBandSerializer(allow_null=True)
    citations = ComparisonCitationSerializer(many=True)
    derived_from = serializers.CharField(
        allow_blank=True,
        help_text="The P-levels a title level's cell was taken from; empty when it is its own.",
    )


class ComparisonRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One aligned row: a cell per column, in column order."""

    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=list(get_args(RowKind)))
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField(allow_blank=True)
    cells = ComparisonCellSerializer(many=True)
    differs = serializers.BooleanField(
        help_text="False only when every column defines the row identically."
    )


class ComparisonSectionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    rows = ComparisonRowSerializer(many=True)
    differs = serializers.BooleanField()


class ComparisonFigureDeltaSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The other position's figure minus the baseline's, absolutely and in percent of it."""

    baseline = serializers.IntegerField()
    other = serializers.IntegerField()
    amount = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="null for a zero baseline.")
    bound = serializers.ChoiceField(
        choices=list(get_args(Bound)),
        help_text="`at-least`/`at-most` when an open-ended maximum makes the amount a bound.",
    )
    display = serializers.CharField(help_text='"+20,000 USD (+15.6%)"')


class ComparisonPayDeltaSerializer(serializers.Serializer):  # type: ignore[type-arg]
    region = serializers.CharField()
    region_name = serializers.CharField()
    currency = serializers.CharField()
    basis = serializers.ChoiceField(choices=Basis.choices)
    basis_label = serializers.CharField()
    baseline_band = ComparisonBandSerializer()
    other_band = ComparisonBandSerializer()
    median = ComparisonFigureDeltaSerializer(allow_null=True)
    minimum = ComparisonFigureDeltaSerializer(allow_null=True)
    maximum = ComparisonFigureDeltaSerializer(allow_null=True)
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="Why a figure is missing or only a bound."
    )


class ComparisonPaySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The baseline against one other column: the comparable bands and why others are not."""

    baseline = serializers.IntegerField(min_value=0)
    other = serializers.IntegerField(min_value=0)
    baseline_key = serializers.CharField()
    other_key = serializers.CharField()
    baseline_title = serializers.CharField()
    other_title = serializers.CharField()
    deltas = ComparisonPayDeltaSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class ComparisonSummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What changes: the level step, the roles, the level facts and pay against the baseline."""

    step = serializers.CharField(help_text='"P3 → P4", "TPM I (P2–P3) → TPM II (P3–P4)"')
    roles = serializers.CharField()
    same_role = serializers.BooleanField()
    same_level = serializers.BooleanField()
    identical = serializers.BooleanField()
    changes = ComparisonRowSerializer(many=True)
    pay = ComparisonPaySerializer(many=True)


class ComparisonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """compare/: the positions side by side, what changes, and links to share it."""

    keys = serializers.ListField(child=serializers.CharField())
    query = serializers.CharField(help_text='"positions=a,b": the query of this comparison.')
    complete = serializers.BooleanField(help_text="Always true here: fewer than two is a 400.")
    message = serializers.CharField(allow_blank=True)
    columns = ComparisonColumnSerializer(many=True)
    summary = ComparisonSummarySerializer()
    sections = ComparisonSectionSerializer(many=True)
    rows_total = serializers.IntegerField(min_value=0)
    rows_differing = serializers.IntegerField(min_value=0)
    differences_only = serializers.BooleanField()
    url = serializers.URLField(help_text="This comparison in the API.")
    html_url = serializers.URLField(help_text="This comparison's page.")


SELECTION_PROBLEM: dict[str, Any] = {
    "allOf": [
        PROBLEM_REF,
        {
            "type": "object",
            "properties": {
                "positions_url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The list of every position (positions/).",
                }
            },
        },
    ]
}


# --- the view --------------------------------------------------------------------------------


class SelectionProblem(InvalidQueryParameters):
    """A selection that cannot be compared: one entry of `invalid_params` per rejected key (or
    one for the count), each listing every valid key, and a link to the list of positions."""

    title = "Positions cannot be compared"

    def __init__(self, reasons: list[str], valid: tuple[str, ...], links: ApiLinks) -> None:
        positions_url = links.collection("position")
        self.extensions = {"positions_url": positions_url}
        super().__init__([InvalidParam(POSITIONS_PARAM, r, list(valid)) for r in reasons])
        self.detail = ErrorDetail(
            f"{self.detail}. Every position is listed at {positions_url}.", self.default_code
        )


def selection_problem(error: SelectionError, links: ApiLinks) -> SelectionProblem:
    if error.code == "malformed":
        reasons = [
            f"{value!r} is not a position key: a key is a role and a level joined by a dot, "
            f"e.g. {KEY_EXAMPLE}"
            for value in error.invalid
        ]
    elif error.code == "unknown":
        reasons = [f"{value!r} is not a position" for value in error.invalid]
    else:
        reasons = [error.message.rstrip(".")]
    return SelectionProblem(reasons, error.valid, links)


@extend_schema(
    tags=["roles"],
    parameters=[
        OpenApiParameter(
            POSITIONS_PARAM,
            str,
            required=True,
            description=(
                f"{MIN_POSITIONS} to {MAX_POSITIONS} position keys (`<role>.<level>`), "
                "comma-separated or as repeated parameters, the baseline first. positions/ "
                "lists every key."
            ),
            examples=[
                OpenApiExample(
                    "Next level", value="technical-product-manager.p3,technical-product-manager.p4"
                ),
                OpenApiExample(
                    "Same level, other roles",
                    value="technical-product-manager.p3,product-manager.p3,"
                    "technical-program-manager.p3",
                ),
                OpenApiExample(
                    "Title level",
                    value="technical-product-manager.tpm-i,technical-product-manager.tpm-ii",
                ),
            ],
        ),
        OpenApiParameter(
            DIFFERENCES_ONLY_PARAM,
            bool,
            description="Leave out the rows that are the same in every column (and the "
            "sections left empty). `rows_total` and `rows_differing` still count every row.",
        ),
    ],
    responses={
        200: ComparisonSerializer,
        (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
            response=SELECTION_PROBLEM,
            description=(
                "The selection cannot be compared: a key that is malformed or names no position, "
                f"fewer than {MIN_POSITIONS} or more than {MAX_POSITIONS} positions, or a "
                f"`{DIFFERENCES_ONLY_PARAM}` that is not a boolean. `invalid_params` names the "
                "parameter and the rejected keys and lists every valid key; `positions_url` "
                "links to the list of positions."
            ),
        ),
    },
)
class CompareView(LadderAPIView):
    """Two to four positions side by side: every dimension's aspects and bullets, the level
    definition and the pay bands aligned in rows (each says whether it `differs`), and a
    summary of what changes — the level step, years, scope, autonomy, decision rights, and each
    position's pay against the first (the baseline), absolutely and in percent, with a note for
    every figure that cannot be compared."""

    repeatable_parameters = (POSITIONS_PARAM,)  # ladder/api/parameters.py

    def get(self, request: Request) -> Response:
        links = links_for(request)
        differences_only = self.differences_only(request)
        try:
            comparison = compare_positions(request.query_params.getlist(POSITIONS_PARAM))
        except SelectionError as error:
            raise selection_problem(error, links) from error
        if not comparison.complete:
            reason = (
                f"{comparison.message.rstrip('.')}: send {MIN_POSITIONS} to {MAX_POSITIONS} keys, "
                f"comma-separated, e.g. {KEY_EXAMPLE},technical-product-manager.p4"
            )
            raise SelectionProblem([reason], valid_keys(), links)
        if differences_only:
            comparison = comparison.only_differences()
        return Response(comparison_document(comparison, links))

    @staticmethod
    def differences_only(request: Request) -> bool:
        raw = request.query_params.get(DIFFERENCES_ONLY_PARAM)
        if raw is None:
            return False
        value = BOOLEANS.get(raw.strip().lower())
        if value is None:
            raise InvalidQueryParameters(
                [
                    InvalidParam(
                        DIFFERENCES_ONLY_PARAM,
                        f"{raw[:50]!r} is not a boolean",
                        ["true", "false"],
                    )
                ]
            )
        return value


def comparison_document(comparison: Comparison, links: ApiLinks) -> dict[str, Any]:
    document = comparison.to_dict()
    for column in document["columns"]:
        column["url"] = links.detail("position", column["key"])
        column["html_url"] = links.position_page(column["role_slug"], column["level_slug"])
    query = comparison.query + ("&differences_only=true" if comparison.differences_only else "")
    document["url"] = f"{links.named('compare')}?{query}"
    page_query = comparison.query + ("&diff=1" if comparison.differences_only else "")
    document["html_url"] = links.absolute(f"{reverse('compare')}?{page_query}")
    return document
