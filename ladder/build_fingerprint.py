"""What stored bytes are made of besides the content: Ladder's code, its templates and the static
files' manifest (whose hashed names pages link to).

Stored documents and pages are kept per data version; a deploy can change any of these three
without a load. Stored bytes are therefore filed under the data version *and* this fingerprint,
and a process of another build finds nothing of the old one's and renders live until the next
`load_ladder` stores its own.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

SOURCES = ("ladder", "levels", "roles", "compensation", "templates")


@cache
def build_fingerprint() -> str:
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for name in SOURCES:
        for path in sorted((root / name).rglob("*")):
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(static_manifest_hash().encode())
    return digest.hexdigest()[:16]


def static_manifest_hash() -> str:
    """The manifest's own hash under a manifest storage (production), else ""."""
    return str(getattr(staticfiles_storage, "manifest_hash", "") or "")


def static_files_ready() -> bool:
    """False under a manifest storage whose manifest is missing (collectstatic not run yet):
    a page rendered now would fail on its first stylesheet link."""
    return not hasattr(staticfiles_storage, "hashed_files") or bool(
        staticfiles_storage.hashed_files
    )
