"""The invariants hold in the database itself, so the admin cannot break them either."""

import pytest
from django.db import IntegrityError, transaction

from compensation.models import Band
from roles.models import Position, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def band() -> Band:
    return Band.objects.filter(minimum__isnull=False, maximum__isnull=False).first()


@pytest.mark.parametrize(
    "change",
    [
        {"minimum": 500_000, "median": None},
        {"median": 1},
        {"currency": "usd"},
        {"basis": "vibes"},
        {"minimum": None, "median": None, "maximum": None},
        {"maximum": None, "median": None, "maximum_is_open": True},
        {"confidence": "certain"},
    ],
)
def test_band_constraints(band, change):
    for name, value in change.items():
        setattr(band, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        band.save()


def test_one_statement_per_aspect_per_position():
    cell = Statement.objects.filter(aspect__isnull=False).first()
    cell.pk = None
    cell.order = 999
    with pytest.raises(IntegrityError), transaction.atomic():
        cell.save()


def test_one_position_per_role_and_level():
    position = Position.objects.first()
    position.pk = None
    position.key = "copy"
    with pytest.raises(IntegrityError), transaction.atomic():
        position.save()
