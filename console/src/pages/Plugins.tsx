import type { Schema } from "@tuition/client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";

import { QueryTable, onePage, useApiForm, words } from "../form";
import { unwrap } from "../problems";
import { useSession } from "../session";
import { Field, Loading, PagedTable, ProblemNote, Select } from "../ui";

type Plugin = Schema<"PluginOut">;
type Plan = Schema<"PlanOut">;

/** One setting of a plugin's `settings_schema` (JSON Schema, OpenAPI 3.0 dialect). */
interface Setting {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: Setting;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
}

interface SettingsSchema {
  properties?: Record<string, Setting>;
  required?: string[];
}

/** Kept secret as shown: the API keeps the stored secret for this marker. */
const REDACTED = "[redacted]";

/** The site's plugins (switching them and their settings is the owner's: the API decides). */
export function PluginsPage() {
  const { api } = useSession();
  const list = useQuery({
    queryKey: ["plugins"],
    // Every installed plugin in one answer (a short list): shown as one page.
    queryFn: async () => onePage(unwrap(await api.GET("/v1/admin/plugins"))),
  });
  return (
    <>
      <h1>Plugins</h1>
      <QueryTable
        query={list}
        what="plugins"
        label="Plugins"
        columns={["Plugin", "Category", "Status", "Version"]}
        empty="No plugins installed."
        row={(plugin) => (
          <tr key={plugin.name}>
            <th scope="row">
              <Link to={`/plugins/${plugin.name}`}>{plugin.title}</Link>
              <div className="muted">{plugin.name}</div>
            </th>
            <td>{plugin.category}</td>
            <td>
              <span className={`badge ${plugin.enabled ? "active" : ""}`}>
                {plugin.enabled ? "enabled" : "disabled"}
              </span>
            </td>
            <td>{plugin.version}</td>
          </tr>
        )}
      />
    </>
  );
}

export function PluginPage() {
  const { name = "" } = useParams();
  const { api } = useSession();
  // Kept here: the form starts afresh (secrets emptied) from each answer of the API.
  const [done, setDone] = useState("");
  const plugin = useQuery({
    queryKey: ["plugin", name],
    queryFn: async () =>
      unwrap(await api.GET("/v1/admin/plugins/{name}", { params: { path: { name } } })),
  });
  if (plugin.isPending) {
    return <Loading what="the plugin" />;
  }
  if (plugin.error) {
    return <ProblemNote error={plugin.error} />;
  }
  return (
    <>
      <h1>{plugin.data.title}</h1>
      <p>
        <code>{plugin.data.name}</code> {plugin.data.version} ·{" "}
        <span className={`badge ${plugin.data.enabled ? "active" : ""}`}>
          {plugin.data.enabled ? "enabled" : "disabled"}
        </span>
      </p>
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
      <PluginForm key={JSON.stringify(plugin.data)} plugin={plugin.data} onDone={setDone} />
      <p>
        <Link to="/plugins">Back to plugins</Link>
      </p>
    </>
  );
}

function settingKind(setting: Setting): "secret" | "boolean" | "number" | "list" | "json" | "enum" | "text" {
  if (setting.writeOnly) return "secret";
  if (setting.enum) return "enum";
  if (setting.type === "boolean") return "boolean";
  if (setting.type === "integer" || setting.type === "number") return "number";
  if (setting.type === "array") {
    const inner = setting.items?.type;
    return inner === "object" || inner === "array" ? "json" : "list";
  }
  if (setting.type === "object") return "json";
  return "text";
}

/** The form's text for a stored value (secrets are never shown: empty). */
function asText(setting: Setting, value: unknown): string {
  if (value === null || value === undefined) return "";
  switch (settingKind(setting)) {
    case "secret":
      return "";
    case "list":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "json":
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

/** A stored secret: the marker, or a reference (env:…, aws-sm:…) that names no secret. */
function secretState(value: unknown): string {
  if (value === REDACTED) return "set";
  if (typeof value === "string" && value) return `set (${value})`;
  return "not set";
}

/**
 * The settings to send: what the form holds, typed by the schema; empty fields are left out
 * (the plugin's default applies), a stored secret left empty is sent back as shown (kept).
 * Text that does not parse goes as typed: the API's problem lands at its field.
 */
function settingsBody(schema: SettingsSchema, values: Record<string, string>, stored: Record<string, unknown>) {
  const body: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(schema.properties ?? {})) {
    const text = (values[name] ?? "").trim();
    const kind = settingKind(setting);
    if (kind === "boolean") {
      body[name] = values[name] === "true";
    } else if (text === "") {
      if (kind === "secret" && stored[name] !== undefined && stored[name] !== null) {
        body[name] = stored[name];
      }
    } else if (kind === "number") {
      body[name] = Number.isNaN(Number(text)) ? text : Number(text);
    } else if (kind === "list") {
      body[name] = words(text);
    } else if (kind === "json") {
      try {
        body[name] = JSON.parse(text) as unknown;
      } catch {
        body[name] = text;
      }
    } else {
      body[name] = kind === "secret" ? values[name] : text;
    }
  }
  return body;
}

function PluginForm({ plugin, onDone }: { plugin: Plugin; onDone: (message: string) => void }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const schema = plugin.settings_schema as SettingsSchema;
  const stored = plugin.settings as Record<string, unknown>;
  const properties = Object.entries(schema.properties ?? {});
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      properties.map(([name, setting]) => [
        name,
        settingKind(setting) === "boolean"
          ? String(stored[name] ?? setting.default ?? false)
          : asText(setting, stored[name]),
      ]),
    ),
  );
  const [plan, setPlan] = useState<Plan | null>(null);
  const form = useApiForm();
  const previewing = useApiForm();
  const wanted = !plugin.enabled;

  const set = (name: string, value: string) => setValues({ ...values, [name]: value });
  // Problems by setting: `settings.<name>`, and those deeper in it (`settings.rules.0.rate`)
  // with their path; any other key of `errors` is the form's.
  const under = (key: string, name: string) =>
    [`settings.${name}`, name].some((at) => key === at || key.startsWith(`${at}.`));
  const fieldError = (name: string) =>
    Object.entries(form.problems)
      .filter(([key]) => under(key, name))
      .map(([key, text]) => (key.endsWith(name) ? text : `${key.split(`${name}.`)[1]}: ${text}`))
      .join(" ") || undefined;
  const stray = Object.entries(form.problems)
    .filter(([key]) => key !== "" && !properties.some(([name]) => under(key, name)))
    .map(([key, text]) => `${key}: ${text}`)
    .join(" ");

  async function apply(enabled: boolean, message: string) {
    onDone("");
    const ok = await form.run(async () => {
      const body = enabled
        ? { enabled, settings: settingsBody(schema, values, stored) }
        : { enabled };
      const saved = unwrap(
        await api.PUT("/v1/admin/plugins/{name}", { params: { path: { name: plugin.name } }, body }),
      );
      queries.setQueryData(["plugin", plugin.name], saved);
      await queries.invalidateQueries({ queryKey: ["plugins"] });
    });
    if (ok) {
      onDone(message);
    }
  }

  return (
    <>
      <form
        className="card form"
        noValidate
        aria-labelledby="settings-title"
        onSubmit={(e) => {
          e.preventDefault();
          void apply(plugin.enabled, "Settings saved.");
        }}
      >
        <h2 id="settings-title">Settings</h2>
        {properties.length === 0 ? <p>This plugin takes no settings.</p> : null}
        {properties.map(([name, setting]) => {
          const label = `${name.replace(/_/g, " ")}${schema.required?.includes(name) ? " (required)" : ""}`;
          const hint = setting.description;
          const kind = settingKind(setting);
          if (kind === "secret") {
            return (
              <Field
                key={name}
                label={label}
                type="password"
                autoComplete="new-password"
                hint={`Secret (write-only), ${secretState(stored[name])}. ${
                  stored[name] ? "Type a new value to replace it; empty keeps it." : ""
                } ${hint ?? ""}`.trim()}
                value={values[name] ?? ""}
                onChange={(e) => set(name, e.target.value)}
                error={fieldError(name)}
              />
            );
          }
          if (kind === "boolean" || kind === "enum") {
            const choices: [string, string][] =
              kind === "boolean"
                ? [
                    ["true", "yes"],
                    ["false", "no"],
                  ]
                : [["", "(default)"], ...(setting.enum ?? []).map((o): [string, string] => [String(o), String(o)])];
            return (
              <Select
                key={name}
                label={label}
                value={values[name]}
                onChange={(e) => set(name, e.target.value)}
                error={fieldError(name)}
              >
                {choices.map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </Select>
            );
          }
          if (kind === "json") {
            return (
              <Field
                multiline
                key={name}
                label={label}
                hint={`JSON. ${hint ?? ""}`.trim()}
                value={values[name] ?? ""}
                onChange={(e) => set(name, e.target.value)}
                error={fieldError(name)}
              />
            );
          }
          const fallback =
            setting.default !== undefined && setting.default !== null
              ? `Empty: ${Array.isArray(setting.default) ? setting.default.join(", ") : String(setting.default)}.`
              : "";
          return (
            <Field
              key={name}
              label={label}
              inputMode={kind === "number" ? "decimal" : undefined}
              hint={[kind === "list" ? "Separated by commas." : "", hint ?? "", fallback].join(" ").trim() || undefined}
              value={values[name] ?? ""}
              onChange={(e) => set(name, e.target.value)}
              error={fieldError(name)}
            />
          );
        })}
        {form.note}
        <ProblemNote message={stray || undefined} />
        {properties.length > 0 ? (
          <div className="actions">
            <button type="submit" className="primary" disabled={form.busy}>
              Save settings
            </button>
          </div>
        ) : null}
      </form>

      <section className="card form" aria-labelledby="switch-title">
        <h2 id="switch-title">{wanted ? "Enable" : "Disable"}</h2>
        <p>
          See what {wanted ? "enabling" : "disabling"} {plugin.title} changes on the site before
          it is applied{wanted && properties.length ? " (with the settings above)" : ""}.
        </p>
        <button
          type="button"
          disabled={previewing.busy}
          onClick={() =>
            void previewing.run(async () => {
              onDone("");
              setPlan(
                unwrap(
                  await api.GET("/v1/admin/plugins/plan", {
                    params: { query: { plugin: plugin.name, enabled: wanted } },
                  }),
                ),
              );
            })
          }
        >
          Preview {wanted ? "enabling" : "disabling"}
        </button>
        {previewing.note}
        {plan ? <PlanPreview plan={plan} /> : null}
        {plan?.allowed ? (
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={form.busy}
              onClick={() =>
                void apply(wanted, `${plugin.title} ${wanted ? "enabled" : "disabled"}.`)
              }
            >
              {wanted ? "Enable" : "Disable"} {plugin.title}
            </button>
          </div>
        ) : null}
      </section>
    </>
  );
}

function PlanPreview({ plan }: { plan: Plan }) {
  const missing = Object.entries(plan.missing_requirements);
  return (
    <div className="plan" aria-live="polite">
      <h3>Plan preview</h3>
      <p className={plan.allowed ? "ok" : "field-error"}>
        {plan.allowed
          ? "This change would be accepted."
          : "This change would be refused: it would leave the site broken."}
      </p>
      <PagedTable
        label="Courses whose availability changes"
        columns={["Course", "Before", "After", "Why"]}
        data={onePage(plan.changes)}
        empty="No course changes."
        row={(change) => (
          <tr key={change.course}>
            <th scope="row">{change.course}</th>
            <td>{change.before}</td>
            <td>{change.after}</td>
            <td>{change.reason}</td>
          </tr>
        )}
      />
      {missing.length ? (
        <ul>
          {missing.map(([name, needs]) => (
            <li key={name}>
              {name} needs {needs.join(", ")}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">Enabled after the change: {plan.enabled.join(", ") || "none"}.</p>
    </div>
  );
}
