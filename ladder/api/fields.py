"""Serializer fields and small reference serializers every app's API uses: absolute links and
the citation ({slug, title, url} of a source)."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ladder.api.links import ApiLinks, links_for


def pick(obj: Any, path: str) -> Any:
    """`obj.a.b` or `obj["a"]["b"]`: serializers read model instances and `.values()` rows."""
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


class _LinkField(serializers.Field):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def links(self) -> ApiLinks:
        return links_for(self.context["request"])


@extend_schema_field(OpenApiTypes.URI)
class DetailLinkField(_LinkField):
    """The absolute URL of an item: DetailLinkField("role") reads `slug` and links
    /api/v1/roles/<slug>/."""

    def __init__(self, route: str, attr: str = "slug", **kwargs: Any) -> None:
        self.route, self.attr = route, attr
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return self.links().detail(self.route, str(pick(value, self.attr)))


@extend_schema_field(OpenApiTypes.URI)
class CollectionLinkField(_LinkField):
    """A filtered list: CollectionLinkField("position", level="slug") links
    /api/v1/positions/?level=<slug>."""

    def __init__(self, route: str, **query_attrs: str) -> None:
        self.route, self.query_attrs = route, query_attrs
        super().__init__()

    def to_representation(self, value: Any) -> str:
        query = {name: str(pick(value, attr)) for name, attr in self.query_attrs.items()}
        return self.links().collection(self.route, **query)


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(_LinkField):
    """A web page, built by `page(links, obj)`."""

    def __init__(self, page: Callable[[ApiLinks, Any], str], **kwargs: Any) -> None:
        self.page = page
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return self.page(self.links(), value)


class SourceRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Where a fact came from: the source's slug, title and API URL."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    url = DetailLinkField("source")
