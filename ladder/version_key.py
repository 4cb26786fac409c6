"""What a stored answer is filed under: the data version and when it was loaded."""


def version_key(data_version: str | None, loaded_at: object) -> str | None:
    """None without a version (then nothing is stored). The time tells two loads of one version
    apart (A, B, then A again): an answer built while B's load committed can be stored under the
    A read just before, and must not be served once A is back. No spaces: a valid memcached key."""
    if not data_version:
        return None
    return f"{data_version}@{str(loaded_at).replace(' ', 'T')}"
