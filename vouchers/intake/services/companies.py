"""Writes to the shared company registry."""

from vouchers.intake.models import Company, CompanyFields
from wecd_portal.audit import audit_record

REGISTRY_FIELDS = [
    field.name for field in CompanyFields._meta.get_fields() if field.name != "id" and not field.is_relation
]


def company_register(*, party, actor):
    """Create or refresh the registry row of a submitted partner and link it.

    Side effects: inserts or updates the Company with this enterprise number (the
    latest submitted answers win); sets ``party.company``; audit entry
    ``company.registered`` or ``company.refreshed``.
    """
    values = {name: getattr(party, name) for name in REGISTRY_FIELDS if name != "enterprise_number"}
    company, created = Company.objects.select_for_update().get_or_create(
        enterprise_number=party.enterprise_number, defaults=values
    )
    if not created:
        for name, value in values.items():
            setattr(company, name, value)
        company.save()
    party.company = company
    party.save(update_fields=["company"])
    audit_record(
        actor=actor,
        action="company.registered" if created else "company.refreshed",
        target=company,
        data={"application": party.application_id, "role": party.role},
    )
    return company
