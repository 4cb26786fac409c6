"""The benchmark's synthetic ladders are real content: the loader validates and loads them."""

import pytest

from bench.generate import generate
from ladder.loader import load_ladder, read_ladder
from roles.models import Position, Role


def test_generated_ladder_passes_validation(tmp_path):
    files = read_ladder([generate(10, tmp_path / "x10")])
    assert len(files.roles) == 30
    assert len({role.slug for _, role in files.roles}) == 30
    assert sum(len(role.positions) for _, role in files.roles) == 170


@pytest.mark.django_db
def test_generated_ladder_loads_through_the_real_loader(tmp_path):
    report = load_ladder(paths=[generate(2, tmp_path / "x2")])
    assert report.counts["Roles"].created == 3
    assert Role.objects.count() == 6
    assert Position.objects.count() == 34


def test_factor_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        generate(0, tmp_path / "x0")
