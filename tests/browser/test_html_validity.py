"""Every page type, as served, is valid HTML by the Nu Html Checker (vnu.jar on the machine's
Java); the stylesheet and the favicon are valid CSS and SVG."""

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import PAGES, ROOT, VNU, fetch

pytestmark = pytest.mark.browser


def vnu(*args: str) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") in {"error", "non-document-error"}]


def test_every_page_type_is_valid_html_and_the_static_files_too(live_url: str, artifacts: Path):
    folder = artifacts / "html"
    folder.mkdir(exist_ok=True)
    files = []
    for name, (path, status) in PAGES.items():
        code, body = fetch(live_url + path)
        assert code == status, name
        file = folder / f"{name}.html"
        file.write_bytes(body)
        files.append(str(file))
    static = ROOT / "static" / "ladder"
    files += [str(static / "ladder.css"), str(static / "favicon.svg")]
    # One run of the checker (one JVM start) for every file.
    errors = vnu("--also-check-css", "--also-check-svg", *files)
    assert errors == [], "\n".join(
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
