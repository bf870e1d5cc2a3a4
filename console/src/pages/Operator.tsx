import { createTuitionClient, type Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";

import { API_BASE } from "../config";
import { unwrap } from "../problems";
import {
  Field,
  FormProblem,
  Loading,
  PagedTable,
  ProblemNote,
  SearchForm,
  useFormProblems,
  when,
} from "../ui";

type Tenant = Schema<"TenantSummaryOut">;
const STORE = "tuition-console-operator";

/**
 * The platform operator's console (/admin/operator): with the operator token
 * (TUITION_OPERATOR_TOKEN, kept in this tab only) list, create, suspend and resume sites,
 * issue a site a secret key (shown once), and see the service's health.
 */
export function OperatorPage() {
  const [token, setToken] = useState(() => window.sessionStorage.getItem(STORE) ?? "");
  const [typed, setTyped] = useState("");
  if (!token) {
    return (
      <div className="card signin">
        <h1>Operator console</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            window.sessionStorage.setItem(STORE, typed.trim());
            setToken(typed.trim());
          }}
        >
          <Field
            label="Operator token"
            type="password"
            hint="The server's TUITION_OPERATOR_TOKEN."
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
          />
          <button type="submit" className="primary">
            Open
          </button>
        </form>
      </div>
    );
  }
  return (
    <Tenants
      token={token}
      onLeave={() => {
        window.sessionStorage.removeItem(STORE);
        setToken("");
      }}
    />
  );
}

function Tenants({ token, onLeave }: { token: string; onLeave: () => void }) {
  const api = useMemo(
    () => createTuitionClient({ baseUrl: API_BASE, publishableKey: "", token }),
    [token],
  );
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState("");
  const [issued, setIssued] = useState<{ slug: string; key: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const health = useQuery({
    queryKey: ["operator", "health"],
    queryFn: async () => {
      const [live, ready] = await Promise.all([
        fetch(`${API_BASE.replace(/\/+$/, "")}/healthz`),
        fetch(`${API_BASE.replace(/\/+$/, "")}/readyz`),
      ]);
      return { live: live.ok, ready: ready.ok, detail: (await ready.json()) as unknown };
    },
  });
  const list = useQuery({
    queryKey: ["operator", "tenants", page, q],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/tenants", {
          params: { query: { page, page_size: 20, ...(q ? { q } : {}) } },
        }),
      ),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["operator", "tenants"] });

  async function act(tenant: Tenant, action: "suspend" | "resume" | "key") {
    setError(null);
    setIssued(null);
    const slug = tenant.slug ?? "";
    try {
      if (action === "key") {
        const made = unwrap(
          await api.POST("/v1/tenants/{slug}/secret-keys", { params: { path: { slug } } }),
        );
        setIssued({ slug, key: made.key ?? "" });
      } else if (action === "suspend") {
        unwrap(await api.POST("/v1/tenants/{slug}/suspend", { params: { path: { slug } } }));
      } else {
        unwrap(await api.POST("/v1/tenants/{slug}/resume", { params: { path: { slug } } }));
      }
      await refresh();
    } catch (failed) {
      setError(failed);
    }
  }

  return (
    <>
      <h1>Operator console</h1>
      <p>
        <button type="button" onClick={onLeave}>
          Forget the operator token
        </button>
      </p>
      <section aria-labelledby="health-title">
        <h2 id="health-title">Health</h2>
        {health.isPending ? <Loading what="health" /> : null}
        <ProblemNote error={health.error} />
        {health.data ? (
          <dl className="stats">
            <div className={health.data.live ? undefined : "alert"}>
              <dt>Live (/healthz)</dt>
              <dd>{health.data.live ? "yes" : "no"}</dd>
            </div>
            <div className={health.data.ready ? undefined : "alert"}>
              <dt>Ready (/readyz)</dt>
              <dd>{health.data.ready ? "yes" : "no"}</dd>
            </div>
          </dl>
        ) : null}
      </section>
      <h2>Sites</h2>
      <SearchForm
        label="Search sites"
        onSearch={(term) => {
          setPage(1);
          setQ(term);
        }}
      />
      <ProblemNote error={list.error ?? error} />
      {issued ? (
        <div className="card" role="status">
          New secret key of {issued.slug} (shown once): <code>{issued.key}</code>
        </div>
      ) : null}
      {list.isPending ? <Loading what="sites" /> : null}
      {list.data ? (
        <PagedTable
          label="Sites"
          columns={["Site", "Plugins", "Created", "Status", "Actions"]}
          data={list.data}
          empty={q ? `No sites match “${q}”.` : "No sites yet."}
          onPage={setPage}
          row={(t) => (
            <tr key={t.id}>
              <th scope="row">
                {t.name}
                <div className="muted">{t.slug}</div>
              </th>
              <td>{(t.enabled_plugins ?? []).join(", ") || "—"}</td>
              <td>{when(t.created_at)}</td>
              <td>
                <span className={`badge ${t.suspended_at ? "failed" : "paid"}`}>
                  {t.suspended_at ? "suspended" : "active"}
                </span>
              </td>
              <td className="actions">
                {t.suspended_at ? (
                  <button type="button" onClick={() => act(t, "resume")}>
                    Resume {t.slug}
                  </button>
                ) : (
                  <button type="button" onClick={() => act(t, "suspend")}>
                    Suspend {t.slug}
                  </button>
                )}
                <button type="button" onClick={() => act(t, "key")}>
                  Issue a secret key for {t.slug}
                </button>
              </td>
            </tr>
          )}
        />
      ) : null}
      <CreateTenant api={api} onCreated={refresh} />
    </>
  );
}

function CreateTenant({
  api,
  onCreated,
}: {
  api: ReturnType<typeof createTuitionClient>;
  onCreated: () => Promise<unknown>;
}) {
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const form = useFormProblems({ tenant_exists: "slug" });
  const { problems } = form;
  const [made, setMade] = useState<Schema<"TenantCreated"> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMade(null);
    await form.run(async () => {
      const tenant = unwrap(
        await api.POST("/v1/tenants", {
          body: { slug: slug.trim(), name: name.trim(), plugins: { free_enrollment: {} } },
        }),
      );
      setMade(tenant);
      setSlug("");
      setName("");
      await onCreated();
    });
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="create-site-title">
      <h2 id="create-site-title">Create a site</h2>
      <Field
        label="Slug"
        hint="Lowercase letters, digits and dashes."
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
        error={problems.slug}
      />
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={problems.name} />
      <FormProblem form={form} />
      {made ? (
        <div role="status">
          Created {made.slug}. Publishable key <code>{made.publishable_key}</code>; secret key
          (shown once) <code>{made.secret_key}</code>.
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary">
          Create
        </button>
      </div>
    </form>
  );
}
