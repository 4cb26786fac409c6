"""Role and position pages. Plain functions of the URL: the same path always renders the same
page for the same loaded content (a response cache keyed by the data version relies on it)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder.methods import read_only_page
from ladder.stored_pages import stored_page
from roles import selectors
from roles.models import Position, Role


@read_only_page
@stored_page
def role_index(request: HttpRequest) -> HttpResponse:
    return render(request, "roles/index.html", {"roles": selectors.role_index()})


@read_only_page
@stored_page
def role_profile(request: HttpRequest, role: str) -> HttpResponse:
    try:
        profile = selectors.role_profile(role)
    except Role.DoesNotExist:
        return unknown_role(request, role)
    return role_page(request, profile)


def role_page(request: HttpRequest, profile: selectors.RoleProfile) -> HttpResponse:
    """The role's page, from its profile (the loader renders every role page with this)."""
    return render(request, "roles/profile.html", {"profile": profile, "role": profile.role})


@read_only_page
@stored_page
def position_profile(request: HttpRequest, role: str, level: str) -> HttpResponse:
    try:
        profile = selectors.position_profile(role, level)
    except Position.DoesNotExist:
        known_role, positions = selectors.existing_positions(role)
        if known_role is None:
            return unknown_role(request, role)
        return render(
            request,
            "errors/404.html",
            {
                "detail": f"The {known_role.name} has no position at level “{level}”.",
                "role": known_role,
                "positions": [(p, selectors.position_url(role, p.level.slug)) for p in positions],
            },
            status=404,
        )
    return position_page(request, profile)


def position_page(request: HttpRequest, profile: selectors.PositionProfile) -> HttpResponse:
    """The page of a shaped position (the loader renders every one with it, from one bulk read)."""
    return render(request, "roles/position.html", {"profile": profile})


def unknown_role(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "errors/404.html",
        {"detail": f"There is no role “{slug}”.", "roles": selectors.existing_roles()},
        status=404,
    )
