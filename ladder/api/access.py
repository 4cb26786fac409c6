"""Who may read, and how often.

Reads are open by default. With LADDER_API_REQUIRE_KEY on (companies whose pay data is
confidential), every request needs one of LADDER_API_KEYS, as `Authorization: Bearer <key>` or
`X-API-Key: <key>`; without one the answer is a 401 problem. Clients are throttled per key, or per
IP address without one (LADDER_API_KEY_THROTTLE_RATE, LADDER_API_THROTTLE_RATE).

Keys and revocation, as an HR-systems integrator expects them: each integration (the HRIS, the
compensation tool, a BI export) gets a key of its own, so one can be taken back without touching
the others. To revoke a key, move it from LADDER_API_KEYS to LADDER_API_REVOKED_KEYS and restart:
from then on it is refused with a 401 problem that says it was revoked (not merely "not valid"),
so the integrator knows to ask for a new key rather than hunt for a typo. A key in both lists is
revoked: revocation wins over a stale copy of the key list. Rotation is the same two steps with an
overlap: add the new key, let the integration switch, then revoke the old one. Responses stored
by the response cache are never served to a request that carries a key, so revocation takes
effect on the next request.
"""

import hashlib
import hmac
from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    from rest_framework.views import APIView

API_KEY_HEADER = "X-API-Key"


class ApiClient:
    """The caller behind a valid API key (there are no user accounts in the API)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, key_digest: str) -> None:
        self.key_digest = key_digest

    def __str__(self) -> str:
        return f"API client {self.key_digest[:8]}"


def presented_key(request: Request) -> str | None:
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    header = request.META.get("HTTP_X_API_KEY", "").strip()
    return header or None


def key_in(key: str, keys: list[str]) -> bool:
    given = key.encode()
    # Compare against every key, in constant time each, so timing says nothing about which.
    matches = [hmac.compare_digest(given, known.encode()) for known in keys]
    return any(matches)


def key_is_revoked(key: str) -> bool:
    return key_in(key, settings.LADDER_API_REVOKED_KEYS)


def key_is_valid(key: str) -> bool:
    return key_in(key, settings.LADDER_API_KEYS) and not key_is_revoked(key)


class ApiKeyAuthentication(BaseAuthentication):
    """A presented key is checked whenever keys are configured (so a wrong key fails loudly even
    while reads are open); with no keys configured, credentials are ignored."""

    def authenticate(self, request: Request) -> tuple[ApiClient, str] | None:
        key = presented_key(request)
        if key is None or not (settings.LADDER_API_KEYS or settings.LADDER_API_REVOKED_KEYS):
            return None
        if key_is_revoked(key):
            raise exceptions.AuthenticationFailed(
                "This API key has been revoked: ask the operator of this Ladder for a new one."
            )
        if not key_is_valid(key):
            raise exceptions.AuthenticationFailed("The API key is not valid.")
        digest = hashlib.sha256(key.encode()).hexdigest()
        return ApiClient(digest), digest

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="ladder"'


class ApiReadAccess(BasePermission):
    message = (
        "This Ladder requires an API key: send `Authorization: Bearer <key>` "
        f"or `{API_KEY_HEADER}: <key>`."
    )

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if settings.LADDER_API_REQUIRE_KEY and request.auth is None:
            raise exceptions.NotAuthenticated(self.message)
        return True


class ApiClientThrottle(SimpleRateThrottle):
    """One budget per API key, or per IP address without one. Rates are read at request time
    from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (DRF reads them once, at import)."""

    scope = "api-anonymous"

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate else None

    def allow_request(self, request: Request, view: "APIView") -> bool:
        self.scope = "api-key" if request.auth else "api-anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: "APIView") -> str:
        ident = request.auth or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
