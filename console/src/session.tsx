import { createTuitionClient, type Schema, type TuitionClient } from "@tuition/client";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { API_BASE } from "./config";

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

  const value = useMemo<SessionValue>(
    () => ({
      staff: stored?.staff ?? null,
      api,
      clientFor,
      signIn(next) {
        window.sessionStorage.setItem(STORE, JSON.stringify(next));
        window.localStorage.setItem(KEY_STORE, next.key);
        setStored(next);
      },
      signOut,
    }),
    [stored, api, clientFor, signOut],
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
