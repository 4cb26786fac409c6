"""Bring one table in line with the rows the content files describe, matched by natural key.

A `Plan` lists the rows a model should hold, each under its natural key (slugs, not ids).
Foreign keys are given as `Ref(model, natural key)` and resolved to ids once the referenced
model has been written. Rows are compared field by field, so an unchanged file writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models

from ladder.bulk_insert import insert_rows


@dataclass(frozen=True)
class Ref:
    model: type[models.Model]
    key: tuple


@dataclass
class Plan:
    model: type[models.Model]
    key: tuple[str, ...]  # lookups that spell the natural key, e.g. ("position__key", "order")
    rows: dict[tuple, dict[str, Any]]
    # Limits which existing rows this plan owns (a model written in two passes has two plans).
    scope: models.Q = field(default_factory=models.Q)
    # Fields under a unique constraint that an update may shuffle (e.g. a new display order).
    reorderable: tuple[str, ...] = ("order",)


@dataclass
class Count:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


# Swapped orders would collide under unique constraints mid-update: park them out of the way.
PARKING = 1_000_000_000


def existing_keys(plan: Plan) -> dict[tuple, int]:
    rows = plan.model._default_manager.filter(plan.scope).values_list("pk", *plan.key)
    return {tuple(row[1:]): row[0] for row in rows}


def delete_stale(plan: Plan, count: Count) -> None:
    stale = [pk for key, pk in existing_keys(plan).items() if key not in plan.rows]
    if stale:
        plan.model._default_manager.filter(pk__in=stale).delete()
        count.deleted += len(stale)


def write(plan: Plan, resolve: Callable[[Ref], int], count: Count) -> None:
    model = plan.model
    columns = {
        name: cast(models.Field, model._meta.get_field(name)).attname
        for row in plan.rows.values()
        for name in row
    }
    current = {
        tuple(row[f"_key{i}"] for i in range(len(plan.key))): row
        for row in model._default_manager.filter(plan.scope)
        .annotate(**{f"_key{i}": models.F(lookup) for i, lookup in enumerate(plan.key)})
        .values("pk", *[f"_key{i}" for i in range(len(plan.key))], *columns.values())
    }
    to_create: list[dict[str, Any]] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for key, row in plan.rows.items():
        values = {
            columns[name]: resolve(value) if isinstance(value, Ref) else value
            for name, value in row.items()
        }
        found = current.get(key)
        if found is None:
            to_create.append(values)
            continue
        diff = {name for name, value in values.items() if found[name] != value}
        if diff:
            to_update.append(model(pk=found["pk"], **values))
            changed_fields |= diff
        else:
            count.unchanged += 1
    shuffled = [name for name in plan.reorderable if name in changed_fields]
    if shuffled:
        parked = [
            model(pk=obj.pk, **dict.fromkeys(shuffled, PARKING + i))
            for i, obj in enumerate(to_update)
        ]
        model._default_manager.bulk_update(parked, shuffled, batch_size=500)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    insert_rows(model, to_create)
    count.created += len(to_create)
    count.updated += len(to_update)


def key_to_id(plan: Plan) -> dict[tuple, int]:
    return existing_keys(plan)
