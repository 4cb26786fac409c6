"""The ceiling sends the response Ladder gave, byte for byte, minus what its own server adds."""

import importlib
import json
import sys

from bench.run import ceiling_head


def test_the_head_keeps_ladders_headers_but_not_the_servers():
    head = ceiling_head(
        200,
        {
            "Date": "Mon, 23 Nov 2026 02:50:00 GMT",
            "Server": "gunicorn",
            "Content-Type": "text/html; charset=utf-8",
            "Content-Length": "999",
            "Content-Security-Policy": "default-src 'self'",
            "ETag": '"abc"',
        },
        12,
    )
    assert head == {
        "status": "200 OK",
        "headers": [
            ["Content-Type", "text/html; charset=utf-8"],
            ["Content-Security-Policy", "default-src 'self'"],
            ["ETag", '"abc"'],
            ["Content-Length", "12"],
        ],
    }


def test_a_304s_head_has_no_length():
    head = ceiling_head(304, {"ETag": 'W/"abc"', "Connection": "close"}, 0)
    assert head == {"status": "304 Not Modified", "headers": [["ETag", 'W/"abc"']]}


def test_the_ceiling_answers_with_the_captured_response(tmp_path, monkeypatch):
    (tmp_path / "t0").write_bytes(b"<p>hi</p>")
    (tmp_path / "t0.head.json").write_text(
        json.dumps(ceiling_head(200, {"Content-Type": "text/html", "X-A": "1"}, 9))
    )
    (tmp_path / "t1").write_bytes(b"")
    (tmp_path / "t1.head.json").write_text(json.dumps(ceiling_head(304, {"ETag": '"e"'}, 0)))
    monkeypatch.setenv("BENCH_BODIES", str(tmp_path))
    monkeypatch.delitem(sys.modules, "bench.ceiling", raising=False)
    ceiling = importlib.import_module("bench.ceiling")
    answers = {}

    def start_response(status, headers):
        answers["status"], answers["headers"] = status, headers

    assert ceiling.application({"PATH_INFO": "/t0"}, start_response) == [b"<p>hi</p>"]
    assert answers == {
        "status": "200 OK",
        "headers": [("Content-Type", "text/html"), ("X-A", "1"), ("Content-Length", "9")],
    }
    assert ceiling.application({"PATH_INFO": "/t1"}, start_response) == [b""]
    assert answers == {"status": "304 Not Modified", "headers": [("ETag", '"e"')]}
