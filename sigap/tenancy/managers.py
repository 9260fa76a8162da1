from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from sigap.audit.context import additional_data as audit_data
from sigap.tenancy import context


class TenantQuerySet(models.QuerySet):
    def for_agency(self, agency: Any) -> TenantQuerySet:
        return self.filter(agency=agency)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """Default manager of every agency-owned model: scoped to the active agency."""

    def get_queryset(self) -> TenantQuerySet:
        qs = super().get_queryset()
        if context.is_unscoped():
            return qs
        agency = context.current_agency()
        if agency is None:
            raise context.NoActiveTenant(
                f"{self.model.__name__} queried with no active agency; "
                "use tenancy.context.activate(agency) or unscoped()"
            )
        return qs.filter(agency_id=agency.pk)


class TenantModel(models.Model):
    """Base of every domain record: it belongs to exactly one agency."""

    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("pemda"),
    )

    objects = TenantManager()
    all_objects = models.Manager()  # noqa: DJ012  (explicit cross-tenant access)

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Writes fail closed like reads: with no agency active (and outside
        # ``unscoped()`` for system work) nothing says whose data this is.
        if context.is_unscoped():
            super().save(*args, **kwargs)
            return
        active = context.current_agency()
        if active is None:
            raise context.NoActiveTenant(
                f"Refusing to save {self.__class__.__name__} with no active agency; "
                "write through a domain function (acting_for) or unscoped()"
            )
        if self.agency_id is None:
            self.agency = active
        if self.agency_id != active.pk:
            raise context.NoActiveTenant(
                f"Refusing to save {self.__class__.__name__} of agency {self.agency_id} "
                f"while agency {active.pk} is active"
            )
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        return audit_data(self.agency_id)
