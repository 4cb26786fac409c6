"""The compensation page's filters: a plain GET form whose choices are the data's own values.
A value that is not one of them is a 400 whose message lists what is valid."""

from typing import Any

from django import forms

from compensation.models import Region
from levels.models import Level
from roles.models import Role


def _valid(kind: str, values: list[str]) -> str:
    return f"“%(value)s” is not a {kind} Ladder knows. Valid {kind}s: {', '.join(values)}."


class BandFilterForm(forms.Form):
    role = forms.ChoiceField(label="Role", required=False)
    level = forms.ChoiceField(label="Level", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    currency = forms.ChoiceField(label="Currency", required=False)

    def __init__(
        self,
        data: Any,
        *,
        roles: list[Role],
        levels: list[Level],
        regions: list[Region],
        currencies: list[str],
    ) -> None:
        super().__init__(data)
        by_scale: dict[str, list[tuple[str, str]]] = {}
        for level in levels:
            by_scale.setdefault(level.scale.name, []).append(
                (level.slug, f"{level.code} — {level.name}")
            )
        choices: dict[str, tuple[list[Any], str, list[str]]] = {
            "role": (
                [("", "All roles"), *((r.slug, r.name) for r in roles)],
                "role",
                [f"{r.slug} ({r.name})" for r in roles],
            ),
            "level": (
                [("", "All levels"), *by_scale.items()],
                "level",
                [f"{lv.slug} ({lv.code})" for lv in levels],
            ),
            "region": (
                [("", "All regions"), *((r.code, r.name) for r in regions)],
                "region",
                [f"{r.code} ({r.name})" for r in regions],
            ),
            "currency": (
                [("", "All currencies"), *((c, c) for c in currencies)],
                "currency",
                currencies,
            ),
        }
        for name, (field_choices, kind, values) in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = field_choices
            field.error_messages["invalid_choice"] = _valid(kind, values)

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each message to its control for assistive technology.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"
