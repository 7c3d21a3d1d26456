from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.tenancy.models import Tenant, TenantGroup
from netjobs.testing.inventory import changes_for

pytestmark = pytest.mark.django_db


def test_a_tenant_gets_its_slug_from_its_name_before_validation() -> None:
    tenant = Tenant(name="Acme Networks")
    tenant.validated_save()
    assert tenant.slug == "acme-networks"


def test_a_duplicate_tenant_name_is_rejected_on_the_name_field() -> None:
    Tenant(name="Acme").validated_save()
    with pytest.raises(ValidationError) as excinfo:
        Tenant(name="Acme", slug="acme-2").validated_save()
    assert set(excinfo.value.message_dict) == {"name"}


def test_a_tenant_group_cannot_be_moved_under_its_own_descendant() -> None:
    top = TenantGroup(name="Top")
    top.validated_save()
    middle = TenantGroup(name="Middle", parent=top)
    middle.validated_save()
    bottom = TenantGroup(name="Bottom", parent=middle)
    bottom.validated_save()

    top.parent = bottom
    with pytest.raises(ValidationError) as excinfo:
        top.validated_save()
    assert "parent" in excinfo.value.message_dict
    top.parent = top
    with pytest.raises(ValidationError, match="its own parent"):
        top.validated_save()


def test_creating_updating_and_deleting_a_tenant_is_change_logged() -> None:
    group = TenantGroup(name="Customers")
    group.validated_save()
    tenant = Tenant(name="Globex", group=group)
    tenant.validated_save()
    created = changes_for(tenant).filter(action="create").get()
    assert created.prechange_data is None
    assert created.postchange_data["name"] == "Globex"
    assert created.postchange_data["group_id"] == group.pk

    tenant = Tenant.objects.get(pk=tenant.pk)
    tenant.description = "A customer"
    tenant.validated_save()
    updated = changes_for(tenant).filter(action="update").get()
    assert updated.prechange_data["description"] == ""
    assert updated.postchange_data["description"] == "A customer"
    assert updated.changed_fields == ["description"]

    pk = tenant.pk
    tenant.delete()
    deleted = changes_for(tenant, pk).filter(action="delete").get()
    assert deleted.prechange_data["name"] == "Globex"
    assert deleted.postchange_data is None
    assert deleted.object_repr == "Globex"
