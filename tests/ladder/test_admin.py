"""Editors can open every model's list and change pages in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db

MODELS = [
    m
    for label in ("ladder", "levels", "roles", "compensation")
    for m in apps.get_app_config(label).get_models()
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_and_opens(admin_client, model):
    assert admin.site.is_registered(model)
    opts = model._meta
    assert (
        admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        ).status_code
        == 200
    )
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_factories_build_a_full_role():
    role = build_role_with_ladder()
    assert role.positions.count() == 5
    assert role.positions.first().statements.count() > 31
