"""Content negotiation that says what went wrong: an unknown `?format=` or an `Accept:` no
renderer can meet is a 406 problem naming the formats the endpoint has (DRF's default answers
an unknown format with a bare 404)."""

from collections.abc import Iterable

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from ladder.api.exceptions import UnsupportedFormat


def _formats(renderers: list[BaseRenderer]) -> dict[str, str]:
    return {str(r.format): str(r.media_type) for r in renderers}


class LadderContentNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        asked = format_suffix or request.query_params.get(str(self.settings.URL_FORMAT_OVERRIDE))
        if asked is not None and not any(r.format == asked for r in renderers):
            raise UnsupportedFormat("format", asked, _formats(renderers))
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            accept = request.META.get("HTTP_ACCEPT", "")
            if asked is not None:
                # ?format= picked a renderer but Accept: excludes it: the format wins, as if
                # the client had sent no Accept header.
                return next((r, str(r.media_type)) for r in renderers if r.format == asked)
            raise UnsupportedFormat("Accept", accept[:200], _formats(renderers)) from None

    def filter_renderers(
        self, renderers: Iterable[BaseRenderer], format: str
    ) -> list[BaseRenderer]:
        renderers = list(renderers)
        matching = [r for r in renderers if r.format == format]
        if not matching:
            raise UnsupportedFormat("format", str(format), _formats(renderers))
        return matching
