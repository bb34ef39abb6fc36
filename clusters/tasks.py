"""Thin tasks of the clusters app."""

from celery import shared_task


@shared_task(name="clusters.contacts_purge")
def contacts_purge_task():
    # Idempotent: expired contacts are gone after the first run.
    from clusters.services import contacts_purge_expired  # noqa: PLC0415  (task body: the services import this module)

    return contacts_purge_expired()
