import type { Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";

import { QueryTable, ShownOnce, useApiForm, words } from "../form";
import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, ProblemNote, Select, idempotencyKey, when } from "../ui";

type Endpoint = Schema<"WebhookEndpointOut">;
type DeliveryStatus = Schema<"WebhookDeliveryOut">["status"];
const PAGE_SIZE = 20;
const STATUSES: DeliveryStatus[] = ["pending", "sending", "succeeded", "failed"];

/** The site's webhook endpoints (the outbound webhooks plugin's admin API). */
export function WebhooksPage() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ["webhook-endpoints", page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/webhook-endpoints", {
          params: { query: { page, page_size: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <h1>Webhooks</h1>
      <QueryTable
        query={list}
        what="webhook endpoints"
        label="Webhook endpoints"
        columns={["Endpoint", "Events", "Status", "Secret"]}
        empty="No endpoints yet."
        onPage={setPage}
        row={(endpoint) => (
          <tr key={endpoint.id}>
            <th scope="row">
              <Link to={`/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
              <div className="muted">{endpoint.description}</div>
            </th>
            <td>{endpoint.events.join(", ")}</td>
            <td>
              <span className={`badge ${endpoint.enabled ? "active" : ""}`}>
                {endpoint.enabled ? "enabled" : "disabled"}
              </span>
              {endpoint.disabled_reason ? (
                <div className="muted">{endpoint.disabled_reason}</div>
              ) : null}
            </td>
            <td>…{endpoint.secret_last4}</td>
          </tr>
        )}
      />
      <EndpointForm />
    </>
  );
}

/** Create an endpoint (no `endpoint`) or edit one. */
function EndpointForm({ endpoint }: { endpoint?: Endpoint }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [secret, setSecret] = useState("");
  const [done, setDone] = useState("");
  const form = useApiForm(
    {},
    {
      url: endpoint?.url ?? "",
      events: endpoint ? endpoint.events.join(", ") : "*",
      description: endpoint?.description ?? "",
      enabled: endpoint?.enabled === false ? "off" : "on",
    },
  );
  const v = form.values;
  const body = {
    url: v.url.trim(),
    events: words(v.events),
    description: v.description,
    enabled: v.enabled === "on",
  };

  return (
    <form
      className="card form"
      noValidate
      aria-labelledby="endpoint-form-title"
      onSubmit={(e) => {
        setDone("");
        void form.run(async () => {
          const headers = { "Idempotency-Key": idempotencyKey() };
          if (endpoint) {
            const saved = unwrap(
              await api.PATCH("/v1/admin/webhook-endpoints/{endpoint_id}", {
                params: { path: { endpoint_id: endpoint.id } },
                body,
                headers,
              }),
            );
            queries.setQueryData(["webhook-endpoint", endpoint.id], saved);
            setDone("Saved.");
          } else {
            const made = unwrap(await api.POST("/v1/admin/webhook-endpoints", { body, headers }));
            setSecret(made.secret);
            form.setValues({ ...v, url: "" });
          }
          await queries.invalidateQueries({ queryKey: ["webhook-endpoints"] });
        }, e);
      }}
    >
      <h2 id="endpoint-form-title">{endpoint ? "Edit the endpoint" : "New endpoint"}</h2>
      <Field label="URL" type="url" hint="Where deliveries are POSTed (https://)." {...form.field("url")} />
      <Field
        label="Events"
        hint="Event types separated by commas, or * for all of them."
        {...form.field("events")}
        error={form.problems.events ?? form.problems["events.0"]}
      />
      <Field label="Description" {...form.field("description")} />
      <Select label="Deliveries" {...form.field("enabled")}>
        <option value="on">Enabled</option>
        <option value="off">Disabled</option>
      </Select>
      {form.note}
      {secret ? <ShownOnce label="Signing secret of the new endpoint" value={secret} /> : null}
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {endpoint ? "Save endpoint" : "Create endpoint"}
        </button>
      </div>
    </form>
  );
}

export function WebhookPage() {
  const { id = "" } = useParams();
  const { api } = useSession();
  const endpoint = useQuery({
    queryKey: ["webhook-endpoint", id],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/webhook-endpoints/{endpoint_id}", {
          params: { path: { endpoint_id: id } },
        }),
      ),
  });
  if (endpoint.isPending) {
    return <Loading what="the endpoint" />;
  }
  if (endpoint.error) {
    return <ProblemNote error={endpoint.error} />;
  }
  return (
    <>
      <h1>Endpoint {endpoint.data.url}</h1>
      <p className="muted">
        <code>{endpoint.data.id}</code> · created {when(endpoint.data.created_at)}
      </p>
      <EndpointForm key={endpoint.data.updated_at} endpoint={endpoint.data} />
      <Rotate endpoint={endpoint.data} />
      <Deliveries endpoint={endpoint.data} />
      <p>
        <Link to="/webhooks">Back to webhooks</Link>
      </p>
    </>
  );
}

function Rotate({ endpoint }: { endpoint: Endpoint }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [secret, setSecret] = useState("");
  const form = useApiForm({}, { keep_previous_minutes: "0" });
  return (
    <form
      className="card form"
      noValidate
      aria-labelledby="rotate-title"
      onSubmit={(e) =>
        void form.run(async () => {
          const rotated = unwrap(
            await api.POST("/v1/admin/webhook-endpoints/{endpoint_id}/rotate-secret", {
              params: { path: { endpoint_id: endpoint.id } },
              body: { keep_previous_minutes: Number(form.values.keep_previous_minutes.trim() || "0") },
              headers: { "Idempotency-Key": idempotencyKey() },
            }),
          );
          setSecret(rotated.secret);
          await queries.invalidateQueries({ queryKey: ["webhook-endpoint", endpoint.id] });
        }, e)
      }
    >
      <h2 id="rotate-title">Signing secret</h2>
      <p>
        Ends in <code>{endpoint.secret_last4}</code>
        {endpoint.previous_secret_expires_at
          ? `; the previous one signs too until ${when(endpoint.previous_secret_expires_at)}`
          : ""}
        .
      </p>
      <Field
        label="Keep signing with the previous secret for (minutes)"
        inputMode="numeric"
        {...form.field("keep_previous_minutes")}
      />
      {form.note}
      {secret ? <ShownOnce label="New signing secret" value={secret} /> : null}
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          Rotate secret
        </button>
      </div>
    </form>
  );
}

function Deliveries({ endpoint }: { endpoint: Endpoint }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const [done, setDone] = useState("");
  const action = useApiForm();
  const list = useQuery({
    queryKey: ["webhook-deliveries", endpoint.id, page, status],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/webhook-endpoints/{endpoint_id}/deliveries", {
          params: {
            path: { endpoint_id: endpoint.id },
            query: { page, page_size: PAGE_SIZE, ...(status ? { status } : {}) },
          },
        }),
      ),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["webhook-deliveries", endpoint.id] });

  return (
    <section aria-labelledby="deliveries-title">
      <div className="page-head">
        <h2 id="deliveries-title">Deliveries</h2>
        <div className="actions">
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                setDone("");
                unwrap(
                  await api.POST("/v1/admin/webhook-endpoints/{endpoint_id}/test", {
                    params: { path: { endpoint_id: endpoint.id } },
                    headers: { "Idempotency-Key": idempotencyKey() },
                  }),
                );
                setDone("Test delivery queued.");
                await refresh();
              })
            }
          >
            Send a test
          </button>
          <button type="button" onClick={() => void refresh()}>
            Refresh
          </button>
        </div>
      </div>
      <div className="search">
        <Select
          label="Delivery status"
          value={status}
          onChange={(e) => {
            setPage(1);
            setStatus(e.target.value as DeliveryStatus | "");
          }}
        >
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      {action.note}
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
      <QueryTable
        query={list}
        what="deliveries"
        label="Deliveries"
        columns={["Event", "Status", "Attempts", "Last answer", "Redeliver"]}
        empty="No deliveries yet."
        onPage={setPage}
        row={(d) => (
          <tr key={d.id}>
            <th scope="row">
              {d.event_type}
              <div className="muted">
                <code>{d.id}</code> · {when(d.created_at)}
              </div>
            </th>
            <td>
              <span className={`badge ${d.status === "succeeded" ? "active" : d.status}`}>
                {d.status}
              </span>
            </td>
            <td>{d.attempt_count}</td>
            <td>
              {d.last_status_code ?? "—"}
              {d.last_error ? <div className="muted">{d.last_error}</div> : null}
              <Attempts deliveryId={d.id} />
            </td>
            <td>
              <button
                type="button"
                disabled={action.busy}
                aria-label={`Redeliver ${d.id}`}
                onClick={() =>
                  void action.run(async () => {
                    setDone("");
                    unwrap(
                      await api.POST("/v1/admin/webhook-deliveries/{delivery_id}/redeliver", {
                        params: { path: { delivery_id: d.id } },
                        headers: { "Idempotency-Key": idempotencyKey() },
                      }),
                    );
                    setDone(`Delivery ${d.id} queued again.`);
                    await refresh();
                  })
                }
              >
                Redeliver
              </button>
            </td>
          </tr>
        )}
      />
    </section>
  );
}

/** A delivery's attempts and the body sent, fetched when opened. */
function Attempts({ deliveryId }: { deliveryId: string }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const detail = useQuery({
    queryKey: ["webhook-delivery", deliveryId],
    enabled: open,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/webhook-deliveries/{delivery_id}", {
          params: { path: { delivery_id: deliveryId } },
        }),
      ),
  });
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Attempts</summary>
      <ProblemNote error={detail.error} />
      {open && detail.isPending ? <Loading what="the attempts" /> : null}
      {detail.data ? (
        <>
          <ol>
            {detail.data.attempts.map((a) => (
              <li key={a.number}>
                {when(a.started_at)}: {a.outcome} {a.status_code ?? ""} ({a.duration_ms} ms,{" "}
                {a.trigger}){a.error ? ` ${a.error}` : ""}
              </li>
            ))}
          </ol>
          <pre className="changes">{JSON.stringify(detail.data.payload, null, 2)}</pre>
        </>
      ) : null}
    </details>
  );
}
