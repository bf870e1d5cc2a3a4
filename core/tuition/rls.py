"""Row-level security on PostgreSQL: a second wall between tenants, under the ORM's filter.

Every table with a ``tenant_id`` column (but the job outbox) gets a policy that shows and
accepts only rows of the tenant named by the setting ``app.tenant_id``; ``*`` means every
tenant (the operator, the job runner, sweeps), and with no tenant set a query sees 0 rows.
Sessions make sure of it when a transaction begins and whenever their tenant changes
(:mod:`tuition.db`, which keeps it per pooled connection and sends it only when it
changes): use the application's engine through sessions only. The policies are forced on
the tables' owner too; run the application as a role that is neither owner nor superuser
(``tuition db grant ROLE``), as superusers bypass row-level security.
"""

from __future__ import annotations

from sqlalchemy import Connection

#: The setting the policies read.
SETTING = "app.tenant_id"
#: Its value for work across tenants.
ALL_TENANTS = "*"
#: Tables with a ``tenant_id`` that are infrastructure, not tenant data.
EXCLUDED = frozenset({"jobs"})
POLICY = "tuition_tenant_isolation"


def tenant_tables(connection: Connection) -> list[str]:
    """Tables of the current schema with a ``tenant_id`` column, but the excluded ones."""
    rows = connection.exec_driver_sql(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() "
        "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"
    )
    return [name for (name,) in rows if name not in EXCLUDED]


def enable(connection: Connection) -> list[str]:
    """Create (or refresh) the isolation policy on every tenant table; PostgreSQL only.
    Idempotent; run after every migration so plugin tables are covered too."""
    if connection.dialect.name != "postgresql":
        return []
    tables = tenant_tables(connection)
    check = (
        f"(current_setting('{SETTING}', true) = '{ALL_TENANTS}' "
        f"OR tenant_id = current_setting('{SETTING}', true))"
    )
    for table in tables:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        connection.exec_driver_sql(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        connection.exec_driver_sql(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
        connection.exec_driver_sql(
            f'CREATE POLICY {POLICY} ON "{table}" USING {check} WITH CHECK {check}'
        )
    return tables


def grant(connection: Connection, role: str) -> None:
    """Let ``role`` (the application's login) read and write every table, nothing more."""
    quoted = '"' + role.replace('"', '""') + '"'
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    connection.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"
    )
    connection.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")


def set_session_tenant(connection: Connection, value: str) -> None:
    """Set ``app.tenant_id`` for ``connection``'s session (its later transactions too, once
    this one commits; a rollback undoes it). :mod:`tuition.db` remembers what each pooled
    connection holds and sets it again whenever a transaction needs another tenant."""
    connection.exec_driver_sql(
        f"SELECT set_config('{SETTING}', %(value)s, false)", {"value": value}
    )


def set_tenant(connection: Connection, value: str) -> None:
    """Set ``app.tenant_id`` for the rest of ``connection``'s transaction."""
    connection.exec_driver_sql(f"SELECT set_config('{SETTING}', %(value)s, true)", {"value": value})
