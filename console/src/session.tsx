import { createTuitionClient, type Schema, type TuitionClient } from "@tuition/client";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { API_BASE } from "./config";
import { ApiError } from "./problems";

export type Staff = Schema<"StaffOut">;

interface Stored {
  token: string;
  key: string;
  staff: Staff;
}

interface SessionValue {
  /** The signed-in member, or null. */
  staff: Staff | null;
  /** The API client: the site's key, and the staff token once signed in. */
  api: TuitionClient;
  /**
   * GET an admin path the generated client does not know yet (newer than its document):
   * the same credentials, the answer untyped (the caller names its type).
   */
  getRaw: <T>(path: string, query?: Record<string, string | number | undefined>) => Promise<T>;
  /** A client for another site key (the sign-in form, before a session exists). */
  clientFor: (key: string) => TuitionClient;
  signIn: (stored: Stored) => void;
  signOut: () => void;
}

const STORE = "tuition-console-session";
const KEY_STORE = "tuition-console-key";

function load(): Stored | null {
  try {
    const raw = window.sessionStorage.getItem(STORE);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function rememberedKey(): string {
  return window.localStorage.getItem(KEY_STORE) ?? "";
}

const SessionContext = createContext<SessionValue | null>(null);

/** The staff session of this browser tab (its token in sessionStorage, gone with the tab). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(load);
  const queries = useQueryClient();

  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(STORE);
    setStored(null);
    queries.clear();
  }, [queries]);

  const clientFor = useCallback(
    (key: string) => createTuitionClient({ baseUrl: API_BASE, publishableKey: key }),
    [],
  );

  const api = useMemo(() => {
    const client = createTuitionClient({
      baseUrl: API_BASE,
      publishableKey: stored?.key ?? "",
      token: stored?.token,
    });
    // An expired or revoked token: back to the sign-in page.
    client.use({
      onResponse({ response }) {
        if (response.status === 401 && stored) {
          signOut();
        }
        return response;
      },
    });
    return client;
  }, [stored, signOut]);

  const getRaw = useCallback(
    async <T,>(path: string, query: Record<string, string | number | undefined> = {}) => {
      const url = new URL(`${API_BASE.replace(/\/+$/, "")}${path}`);
      for (const [name, value] of Object.entries(query)) {
        if (value !== undefined && value !== "") {
          url.searchParams.set(name, String(value));
        }
      }
      const response = await fetch(url, {
        headers: {
          Accept: "application/json",
          "X-Tenant-Key": stored?.key ?? "",
          Authorization: `Bearer ${stored?.token ?? ""}`,
        },
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.status === 401 && stored) {
        signOut();
      }
      if (!response.ok) {
        throw new ApiError(response.status, body);
      }
      return body as T;
    },
    [stored, signOut],
  );

  const value = useMemo<SessionValue>(
    () => ({
      staff: stored?.staff ?? null,
      api,
      getRaw,
      clientFor,
      signIn(next) {
        window.sessionStorage.setItem(STORE, JSON.stringify(next));
        window.localStorage.setItem(KEY_STORE, next.key);
        setStored(next);
      },
      signOut,
    }),
    [stored, api, getRaw, clientFor, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error("useSession outside SessionProvider");
  }
  return value;
}
