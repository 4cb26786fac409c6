"""How a server process keeps the memory it frees: for re-use, not handed back to the system.

glibc's malloc gives every block over 32 MB its own mapping and unmaps it when it is freed, and
gives the top of the heap back past 128 KB. A worker serving the x100 export (50 MB, read from
the database and given its origin: two such blocks a request) therefore had the kernel fault in
and zero 25,000 fresh pages for every request: copying 50 MB took ~80 ms into fresh memory and
~15 ms into memory the process already held, and the export went from 7-8 to 14-17 requests a
second under wrk (measured 2026-11-23; pages of a few hundred KB did not change). With no
mappings and a high trim threshold, freed blocks stay in the heap and the next request re-uses
them; what a worker holds beyond `TRIM_THRESHOLD` is still returned.
"""

import ctypes
import ctypes.util
import os

# mallopt(3) parameters
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
TRIM_THRESHOLD = 512 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Apply the policy to this process (glibc only; an operator's own MALLOC_* settings win).
    Returns whether it was applied."""
    if any(name.startswith("MALLOC_") for name in os.environ):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name)
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:  # not glibc (musl has no mallopt)
        return False
    return bool(mallopt(M_MMAP_MAX, 0)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
