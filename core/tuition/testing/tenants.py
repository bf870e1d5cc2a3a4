"""Tenant files (``tenants/*.toml``) loaded into the app under test, as ``tuition tenants
sync`` loads them: for a demo site or a switch of configuration."""

from __future__ import annotations

from pathlib import Path

from tuition.plugin_api import Host
from tuition.services.tenant_files import SyncReport, sync_directory
from tuition.testing._runtime import runtime_of

__all__ = ["SyncReport", "sync_tenant_files"]


def sync_tenant_files(host: Host, path: Path) -> list[SyncReport]:
    """Run ``tuition tenants sync PATH``: apply the tenant file ``path``, or every
    ``*.toml`` of the directory ``path``, creating and updating sites, their plugins and
    courses. A report per site: ``slug``, ``created``, ``changes``, and the new
    ``publishable_key`` and ``secret_key`` of a site it created (shown nowhere else).
    Nothing is written when a file has an error (``TenantFilesFailed``, a 422
    ``ValidationFailed``)."""
    return sync_directory(runtime_of(host), path)
