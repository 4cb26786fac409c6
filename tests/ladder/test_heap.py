"""The workers' heap policy (ladder/heap.py): a large block comes from the heap and stays there
once freed, so the next request re-uses it instead of faulting in fresh pages. Each case runs in
its own interpreter: the policy is process-wide and glibc reads MALLOC_* once, at start-up."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import ctypes, ctypes.util, json, sys

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.mallinfo2.restype = MallInfo2
from ladder.heap import keep_freed_memory

applied = keep_freed_memory() if sys.argv[1] == "apply" else False
block = bytearray(50 * 1024 * 1024)
held = libc.mallinfo2()
del block
freed = libc.mallinfo2()
print(json.dumps({"applied": applied, "mapped_while_held": held.hblkhd,
                  "heap_after_free": freed.arena}))
"""
BLOCK = 50 * 1024 * 1024


def probe(mode: str, **env: str) -> dict[str, int]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(autouse=True)
def glibc() -> None:
    if not hasattr(os, "confstr") or "glibc" not in (os.confstr("CS_GNU_LIBC_VERSION") or ""):
        pytest.skip("the policy is glibc's mallopt")


def test_without_the_policy_a_large_block_is_its_own_mapping() -> None:
    found = probe("leave")
    assert found["mapped_while_held"] >= BLOCK
    assert found["heap_after_free"] < BLOCK


def test_with_the_policy_a_large_block_comes_from_the_heap_and_stays_there() -> None:
    found = probe("apply")
    assert found["applied"]
    assert found["mapped_while_held"] < BLOCK
    assert found["heap_after_free"] >= BLOCK


def test_an_operators_own_malloc_settings_win() -> None:
    found = probe("apply", MALLOC_ARENA_MAX="2")
    assert not found["applied"]
    assert found["mapped_while_held"] >= BLOCK


def test_every_gunicorn_worker_applies_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy
    from pathlib import Path

    from django.conf import settings

    import ladder.heap

    calls: list[bool] = []

    def keep_freed_memory() -> bool:
        calls.append(True)
        return True

    monkeypatch.setattr(ladder.heap, "keep_freed_memory", keep_freed_memory)
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_fork"](None, None)
    assert calls == [True]
