"""django-csp's middleware, with the policy built once instead of on every response.

django-csp builds the Content-Security-Policy header from the settings for each response it
sees (its policy parts copied into a dict, every directive joined again): ~0.1 ms a response,
measured, a fifth of serving a stored page. Ladder sets no policy per view and uses no nonce
(ladder/settings.py says why), so the header is the same for every response. This subclass
answers such a response with the headers built once per settings, and leaves any other — a
view's own policy, exemption or header, or a request whose nonce was read — to django-csp.
"""

from functools import cache
from http import HTTPStatus
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# What django-csp's decorators set on a response; any of them means a policy of its own.
PER_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
# Answered without a policy under DEBUG, as by django-csp (its debug pages need inline script).
DEBUG_EXEMPT = frozenset({HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_FOUND})


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _own_policy(request, response):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in DEBUG_EXEMPT:
            return response
        for header, policy, excluded in settings_policies():
            if policy and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce read after this point could no longer reach the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _own_policy(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        getattr(request, "_csp_nonce", None) is not None
        or any(hasattr(response, name) for name in PER_RESPONSE_ATTRIBUTES)
        or HEADER in response
        or HEADER_REPORT_ONLY in response
    )


@cache
def settings_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, path prefixes it is not sent under) for the enforced policy and the
    report-only one, as django-csp builds them from the settings alone; "" for one not set."""
    return tuple(
        (
            header,
            build_policy(report_only=report_only),
            tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
        )
        for header, setting, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        )
    )


def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policies.cache_clear()


setting_changed.connect(_forget_policies)
