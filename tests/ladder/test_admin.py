"""Editors can open every model's list and change pages in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from ladder.models import SearchAlias, SearchEntry, StoredDocument
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db

# Stored documents and the search index are not content: the loader derives them from it, and
# nobody edits them.
DERIVED = (StoredDocument, SearchEntry, SearchAlias)
MODELS = [
    m
    for label in ("ladder", "levels", "roles", "compensation")
    for m in apps.get_app_config(label).get_models()
    if m not in DERIVED
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


def test_an_admin_edit_changes_the_data_version(admin_client):
    from ladder.models import Framework
    from roles.models import Role

    before = Framework.objects.get().data_version
    role = Role.objects.get(slug="product-manager")
    url = reverse("admin:roles_role_change", args=[role.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data |= {"summary": role.summary + " Edited.", "source": role.source_id}
    for prefix in ("aliases", "classifications", "skills", "competencies"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Framework.objects.get().data_version != before
