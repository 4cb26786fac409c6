"""Reads for pages that concern the ladder as a whole."""

from typing import Any

from ladder.models import Framework
from roles.models import Role


def home_overview() -> dict[str, Any]:
    return {
        "framework": Framework.objects.first(),
        "roles": list(Role.objects.order_by("order")),
    }
