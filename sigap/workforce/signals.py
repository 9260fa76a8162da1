"""Signals of the ASN registry for the apps that keep figures derived from it.

``registry_changed`` (keyword ``agency_id``) is sent, in the writer's transaction, by the
writers that change employees, positions or assignments in bulk and so skip the models'
own ``post_save``/``post_delete`` (the roster import). Receivers must only mark their
derived figures stale there; the transaction may still roll back.
"""

from __future__ import annotations

from django.dispatch import Signal

registry_changed = Signal()
