"""schema.org Occupation JSON-LD for role and position pages, built from the data the page shows."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from roles.charts import PayRow


@dataclass(frozen=True)
class Category:
    system: str
    code: str
    title: str


def estimated_salary(row: PayRow, *, name: str) -> dict[str, Any]:
    """A MonetaryAmountDistribution with only the figures the source gives. An open-ended
    range's top figure is a floor, not a maximum, so it is described rather than stated."""
    amount: dict[str, Any] = {
        "@type": "MonetaryAmountDistribution",
        "name": name,
        "currency": row.currency,
        "duration": "P1Y",
    }
    if row.minimum is not None:
        amount["minValue"] = row.minimum
    if row.median is not None:
        amount["median"] = row.median
    if row.maximum is not None and not row.maximum_is_open:
        amount["maxValue"] = row.maximum
    amount["description"] = (
        f"{row.range_label} {row.currency} a year, {row.basis_label.lower()}, {row.region}"
        + (f"; median {row.median_label}" if row.median is not None else "; median not stated")
        + ("; the top of the range is open-ended" if row.maximum_is_open else "")
        + (f"; {row.year}" if row.year else "; year not stated")
    )
    return amount


def occupation(
    *,
    name: str,
    description: str,
    url: str,
    responsibilities: Sequence[str],
    skills: Sequence[str],
    months_of_experience: int | None,
    experience_description: str,
    categories: Sequence[Category],
    salaries: Sequence[tuple[str, PayRow]],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": name,
        "description": description,
        "url": url,
        "responsibilities": list(responsibilities),
        "skills": list(skills),
    }
    if months_of_experience is not None or experience_description:
        requirement: dict[str, Any] = {"@type": "OccupationalExperienceRequirements"}
        if months_of_experience is not None:
            requirement["monthsOfExperience"] = months_of_experience
        if experience_description:
            requirement["description"] = experience_description
        data["experienceRequirements"] = requirement
    if categories:
        data["occupationalCategory"] = [
            {
                "@type": "CategoryCode",
                "codeValue": c.code,
                "name": c.title,
                "inCodeSet": {"@type": "CategoryCodeSet", "name": c.system},
            }
            for c in categories
        ]
    if salaries:
        data["estimatedSalary"] = [estimated_salary(row, name=label) for label, row in salaries]
    return data


def script_json(data: dict[str, Any]) -> SafeString:
    """JSON safe inside <script>: no '</script>' or '<!--' can end or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)
