"""Static URLs are memoised (ladder.static_urls) without outliving the settings they came from."""

from django.templatetags.static import static
from django.urls import set_script_prefix

from ladder.static_urls import static_url


def test_a_memoised_url_is_the_storages_own() -> None:
    assert static_url("ladder/ladder.css") == static("ladder/ladder.css")


def test_a_change_of_static_url_is_followed(settings) -> None:
    before = static_url("ladder/ladder.css")
    settings.STATIC_URL = "/assets/"
    after = static_url("ladder/ladder.css")
    assert after.startswith("/assets/")
    assert after != before


def test_under_another_script_prefix_it_is_still_the_storages_own(settings) -> None:
    settings.STATIC_URL = "static/"  # relative: read under the script prefix
    try:
        for prefix in ("/ladder/", "/", "/other/"):
            set_script_prefix(prefix)
            assert static_url("ladder/ladder.css") == static("ladder/ladder.css")
    finally:
        set_script_prefix("/")
