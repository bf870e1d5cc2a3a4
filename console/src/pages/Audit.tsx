import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "../problems";
import { useSession } from "../session";
import { Loading, PagedTable, ProblemNote, Select, when } from "../ui";

const TYPES = ["course", "enrollment", "order", "plugin", "tenant", "api_key", "student"] as const;
type ObjectType = (typeof TYPES)[number];

function changes(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)]));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => `${k}: ${JSON.stringify(b[k] ?? null)} → ${JSON.stringify(a[k] ?? null)}`)
    .join("; ");
}

/** Every state change of the site, newest first: who, what, before → after. */
export function AuditPage() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [type, setType] = useState<ObjectType | "">("");
  const list = useQuery({
    queryKey: ["audit", page, type],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/admin/audit", {
          params: { query: { page, page_size: 25, ...(type ? { object_type: type } : {}) } },
        }),
      ),
  });
  return (
    <>
      <h1>Audit log</h1>
      <div className="search">
        <Select
          label="Object"
          value={type}
          onChange={(e) => {
            setPage(1);
            setType(e.target.value as ObjectType | "");
          }}
        >
          <option value="">Any</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </Select>
      </div>
      <ProblemNote error={list.error} />
      {list.isPending ? <Loading what="the audit log" /> : null}
      {list.data ? (
        <PagedTable
          label="Audit log"
          columns={["When", "Who", "What", "Changes"]}
          data={list.data}
          empty="Nothing recorded."
          onPage={setPage}
          row={(entry) => (
            <tr key={entry.id}>
              <td>{when(entry.at)}</td>
              <td>{entry.actor}</td>
              <th scope="row">
                {entry.action} <span className="muted">{entry.object_type}</span>{" "}
                <code>{entry.object_id}</code>
              </th>
              <td className="changes">{changes(entry.before, entry.after)}</td>
            </tr>
          )}
        />
      ) : null}
    </>
  );
}
