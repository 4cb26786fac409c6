from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from ladder.loader import load_ladder
from ladder.models import Framework
from roles.models import Position, Statement
from tests.conftest import database_fingerprint

pytestmark = pytest.mark.django_db


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_shipped_fixtures_are_loaded():
    framework = Framework.objects.get()
    assert framework.data_version
    assert Position.objects.count() >= 17


def test_loading_again_changes_nothing():
    before = database_fingerprint()
    report = load_ladder()
    assert not report.changed
    assert sum(c.unchanged for c in report.counts.values()) > 1000
    assert database_fingerprint() == before


def test_command_says_when_nothing_changed(capsys):
    call_command("load_ladder")
    out = capsys.readouterr().out
    assert "Nothing changed" in out
    assert "created  updated  deleted  unchanged" in out


def test_check_validates_without_writing(capsys, fixtures_copy):
    edit(fixtures_copy / "roles" / "product-manager.yaml", lambda d: d.update(summary="Changed."))
    before = database_fingerprint()
    call_command("load_ladder", str(fixtures_copy), "--check")
    assert "Valid: 3 roles" in capsys.readouterr().out
    assert database_fingerprint() == before


def test_changed_file_updates_in_place(fixtures_copy):
    position = Position.objects.get(key="product-manager.p3")
    cell = Statement.objects.get(position=position, aspect__slug="roadmap-ownership")

    def change(data):
        p3 = next(p for p in data["positions"] if p["level"] == "p3")
        cells = p3["dimensions"]["responsibilities"]["aspects"]
        cells["roadmap-ownership"] = "Owns the roadmap for one product area, reviewed quarterly."

    edit(fixtures_copy / "roles" / "product-manager.yaml", change)
    report = load_ladder(paths=[fixtures_copy])
    assert report.counts["Statements"].updated == 1
    assert report.counts["Statements"].created == 0
    cell.refresh_from_db()  # same row, same id: natural keys, not auto ids
    assert cell.text == "Owns the roadmap for one product area, reviewed quarterly."
    assert Framework.objects.get().data_version == report.data_version


def test_removed_content_is_deleted(fixtures_copy):
    def drop_p6(data):
        data["positions"] = [p for p in data["positions"] if p["level"] != "p6"]

    edit(fixtures_copy / "roles" / "technical-program-manager.yaml", drop_p6)
    report = load_ladder(paths=[fixtures_copy])
    assert not Position.objects.filter(key="technical-program-manager.p6").exists()
    assert report.counts["Positions"].deleted == 1
    assert report.counts["Bands"].deleted == 1


def test_reordered_aspects_and_bullets_reload(fixtures_copy):
    def swap_aspects(data):
        aspects = data["dimensions"][0]["aspects"]
        aspects[0], aspects[1] = aspects[1], aspects[0]

    def reverse_bullets(data):
        for position in data["positions"]:
            position["dimensions"]["responsibilities"]["statements"].reverse()

    edit(fixtures_copy / "framework.yaml", swap_aspects)
    edit(fixtures_copy / "roles" / "product-manager.yaml", reverse_bullets)
    report = load_ladder(paths=[fixtures_copy])
    assert report.counts["Aspects"].updated == 2
    assert not load_ladder(paths=[fixtures_copy]).changed


def test_failed_command_exits_non_zero_and_lists_errors(capsys, fixtures_copy):
    (fixtures_copy / "scales.yaml").write_text("")
    edit(fixtures_copy / "roles" / "product-manager.yaml", lambda d: d.update(order="first"))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_ladder", str(fixtures_copy))
    err = capsys.readouterr().err
    assert "scales.yaml: the file is empty" in err
    assert "roles/product-manager.yaml: order:" in err
