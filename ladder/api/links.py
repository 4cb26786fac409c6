"""Absolute links between API resources (and to the web pages), cheap enough for every row: each
route is reversed once per request and then filled in by string formatting."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ladder.reversing import url

_PLACEHOLDER = "__ladder_value__"


class ApiLinks:
    def __init__(self, request: HttpRequest) -> None:
        self._origin = request.build_absolute_uri("/")[:-1]
        self._templates: dict[str, tuple[str, str]] = {}

    @property
    def origin(self) -> str:
        """Scheme and host the client called, e.g. `https://ladder.example.com`."""
        return self._origin

    def detail(self, route: str, value: str) -> str:
        """The item of a router route: detail("role", "product-manager")."""
        template = self._templates.get(route)
        if template is None:
            path = reverse(f"api:{route}-detail", args=[_PLACEHOLDER])
            head, _, tail = path.partition(_PLACEHOLDER)
            template = self._templates[route] = (self._origin + head, tail)
        return f"{template[0]}{value}{template[1]}"

    def named(self, name: str, **query: str) -> str:
        """A named API URL (`api:<name>`), with an optional query string."""
        address = self._origin + url(f"api:{name}")
        return f"{address}?{urlencode(query)}" if query else address

    def collection(self, route: str, **query: str) -> str:
        return self.named(f"{route}-list", **query)

    def absolute(self, path: str) -> str:
        return self._origin + path

    def position_page(self, role_slug: str, level_slug: str) -> str:
        """The position's web page, /roles/<role>/<level>/."""
        template = self._templates.get("page:position")
        if template is None:
            try:
                path = reverse("roles:position", args=[_PLACEHOLDER, "__level__"])
            except NoReverseMatch:  # the pages are not wired in: the documented address
                path = f"/roles/{_PLACEHOLDER}/__level__/"
            template = self._templates["page:position"] = (self._origin, path)
        return template[0] + template[1].replace(_PLACEHOLDER, role_slug).replace(
            "__level__", level_slug
        )

    def role_page(self, role_slug: str) -> str:
        template = self._templates.get("page:role")
        if template is None:
            try:
                path = reverse("roles:profile", args=[_PLACEHOLDER])
            except NoReverseMatch:
                path = f"/roles/{_PLACEHOLDER}/"
            template = self._templates["page:role"] = (self._origin, path)
        return template[0] + template[1].replace(_PLACEHOLDER, role_slug)


def links_for(request: HttpRequest) -> ApiLinks:
    """The request's link builder (made once and kept on the request)."""
    links: ApiLinks | None = getattr(request, "_ladder_links", None)
    if links is None:
        links = ApiLinks(request)
        request._ladder_links = links  # type: ignore[attr-defined]
    return links
