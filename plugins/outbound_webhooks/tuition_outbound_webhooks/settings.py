"""The plugin's name and its operator settings.

Tenants configure nothing through plugin settings (their endpoints are objects of the admin
API); the operator sets ``TUITION_OUTBOUND_ALLOWED_HOSTS`` (core's ``tuition.plugin_api.outbound``)
and the application's ``TUITION_SECRET_KEY``, from which the key encrypting signing
secrets is derived (see ``signing``).
"""

from __future__ import annotations

PLUGIN = "outbound_webhooks"
#: Endpoints one tenant may register.
MAX_ENDPOINTS = 20
