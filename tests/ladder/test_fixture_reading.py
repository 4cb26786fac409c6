"""Many content files are read by worker processes: the same data and the same errors, in the
same order, as reading them one after the other."""

from pathlib import Path

from bench.generate import generate
from ladder import fixture_files
from ladder.fixture_files import read_all, read_files

BROKEN = {
    "roles/a-bad-yaml.yaml": b"name: [unclosed\n",
    "roles/b-anchor.yaml": b"slug: &x tpm\nname: *x\n",
    "roles/c-latin1.yaml": "name: caf\u00e9\n".encode("latin-1"),
    "roles/d-list.yaml": b"- a\n- b\n",
    "roles/e-duplicate.yaml": b"slug: a\nslug: b\n",
}


def content_with_broken_files(tmp_path: Path) -> Path:
    folder = generate(6, tmp_path / "x6")  # 20 files: read in parallel
    for name, raw in BROKEN.items():
        (folder / name).write_bytes(raw)
    return folder


def test_reading_in_workers_gives_what_reading_in_turn_gives(tmp_path: Path) -> None:
    folder = content_with_broken_files(tmp_path)
    jobs = [(path.read_bytes(), path.name) for path in sorted(folder.rglob("*.yaml"))]
    assert len(jobs) >= fixture_files.PARALLEL_FROM_FILES
    in_workers = read_all(jobs, workers=2)
    in_turn = read_all(jobs, workers=1)
    assert in_workers == in_turn
    assert sum(1 for data, errors in in_turn if errors) == len(BROKEN)


def test_a_large_folder_reports_each_files_errors_in_file_order(
    tmp_path: Path, monkeypatch
) -> None:
    folder = content_with_broken_files(tmp_path)
    parallel_files, parallel_errors = read_files([folder])
    monkeypatch.setattr(fixture_files, "PARALLEL_FROM_FILES", 10_000)
    serial_files, serial_errors = read_files([folder])
    assert parallel_errors == serial_errors
    named = list(dict.fromkeys(error.file for error in parallel_errors))
    assert named == sorted(BROKEN)  # in the files' order
    assert parallel_files.data_version == serial_files.data_version
    assert [name for name, _ in parallel_files.roles] == [name for name, _ in serial_files.roles]
    assert len(parallel_files.roles) == 18  # 6 × 3 generated roles; the broken ones are not
