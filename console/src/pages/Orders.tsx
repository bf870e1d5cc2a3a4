import type { Schema } from "@tuition/client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";

import { fieldProblems, unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, PagedTable, ProblemNote, Select, idempotencyKey, money, when } from "../ui";

type Order = Schema<"AdminOrderListOut">;
type Status = NonNullable<Order["status"]>;
const STATUSES: Status[] = [
  "checkout_pending",
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "expired",
  "failed",
  "canceled",
];

export function OrdersPage() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | "">("");
  const list = useQuery({
    queryKey: ["orders", page, status],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/orders", {
          params: { query: { page, page_size: 20, ...(status ? { status } : {}) } },
        }),
      ),
  });
  return (
    <>
      <h1>Orders</h1>
      <div className="search">
          <Select
            label="Status"
            value={status}
            onChange={(e) => {
              setPage(1);
              setStatus(e.target.value as Status | "");
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </Select>
      </div>
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="orders" /> : null}
      {list.data ? (
        <PagedTable
          label="Orders"
          columns={["Order", "Customer", "Course", "Amount", "Status", "Refund"]}
          data={list.data}
          empty="No orders."
          onPage={setPage}
          row={(order) => (
            <tr key={order.id}>
              <th scope="row">
                <code>{order.id}</code>
                <div className="muted">{when(order.created_at)}</div>
              </th>
              <td>
                {order.student ? (
                  <Link to={`/students/${order.student.id}`}>
                    {order.student.name || order.student.email || order.student.id}
                  </Link>
                ) : (
                  order.customer_email ?? "—"
                )}
                {order.student?.name ? <div className="muted">{order.student.email}</div> : null}
              </td>
              <td>{order.course}</td>
              <td>
                {money(order.amount, order.currency)}
                {order.refunded_amount ? (
                  <div className="muted">
                    refunded {money(order.refunded_amount, order.currency)}
                  </div>
                ) : null}
              </td>
              <td>
                <span className={`badge ${order.status}`}>{order.status}</span>
              </td>
              <td>
                {order.status === "paid" || order.status === "partially_refunded" ? (
                  <Refund order={order} />
                ) : null}
              </td>
            </tr>
          )}
        />
      ) : null}
    </>
  );
}

function Refund({ order }: { order: Order }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [amount, setAmount] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems({});
    setError(null);
    try {
      const answer = unwrap(
        await api.POST("/v1/admin/orders/{order_id}/refund", {
          params: { path: { order_id: order.id } },
          body: { amount: amount.trim() ? Number(amount) : null },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      );
      setDone(answer.outcome);
      await queries.invalidateQueries({ queryKey: ["orders"] });
    } catch (failed) {
      const found = fieldProblems(failed, { invalid_refund_amount: "amount" });
      setProblems(found);
      setError(failed);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details>
      <summary>Refund</summary>
      <form onSubmit={submit} noValidate>
        <Field
          label="Amount (minor units)"
          hint="Empty: the whole remaining amount."
          inputMode="numeric"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={problems.amount}
        />
        <ProblemNote error={problems[""] ? error : null} message={problems[""]} />
        {done ? <p role="status">Refund {done}.</p> : null}
        <button type="submit" disabled={busy}>
          Refund {order.id}
        </button>
      </form>
    </details>
  );
}
