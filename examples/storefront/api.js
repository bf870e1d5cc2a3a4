// The Tuition API as the storefront uses it: the site key, the student's token, requests and
// problems (application/problem+json).
import config from "./config.js";

const KEY_STORE = "tuition.publishableKey";
const TOKEN_STORE = "tuition.token.";

function stored(name) {
  try {
    return localStorage.getItem(name);
  } catch {
    return null; // storage disabled: the storefront still works for this page view
  }
}

function store(name, value) {
  try {
    if (value === null) localStorage.removeItem(name);
    else localStorage.setItem(name, value);
  } catch {
    /* storage disabled */
  }
}

/** The site's publishable key: `?key=pk_…` (remembered), else the remembered one, else config. */
export function publishableKey() {
  const fromUrl = new URLSearchParams(location.search).get("key");
  if (fromUrl && /^pk_[A-Za-z0-9_-]+$/.test(fromUrl)) {
    store(KEY_STORE, fromUrl);
    return fromUrl;
  }
  return stored(KEY_STORE) || config.publishableKey;
}

export const apiBase = (config.apiBase || "").replace(/\/+$/, "");

// -- the signed-in student, one token per site ------------------------------------------

export function session() {
  const raw = stored(TOKEN_STORE + publishableKey());
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    if (!value.token || (value.expiresAt && Date.now() > value.expiresAt)) return null;
    return value;
  } catch {
    return null;
  }
}

export function signIn(answer) {
  store(TOKEN_STORE + publishableKey(), JSON.stringify({
    token: answer.token,
    email: answer.student?.email ?? null,
    expiresAt: answer.expires_in ? Date.now() + answer.expires_in * 1000 : null,
  }));
}

export function signOut() {
  store(TOKEN_STORE + publishableKey(), null);
}

// -- requests -----------------------------------------------------------------------------

/** A problem answer (or a network failure, status 0) with its `code`, `detail`, `errors`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || "error";
    this.errors = this.problem.errors || null;
  }
}

/** A random key for `Idempotency-Key` (crypto.randomUUID needs a secure context). */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Call the API; resolves with `{status, data}` for 2xx answers, rejects with an ApiError.
 * The student's token is sent whenever there is one (the catalogue's states are per student).
 */
export async function request(method, path, { body, headers = {} } = {}) {
  const sent = {
    Accept: "application/json, application/problem+json",
    "X-Tenant-Key": publishableKey(),
    ...headers,
  };
  const signedIn = session();
  if (signedIn) sent.Authorization = `Bearer ${signedIn.token}`;
  if (body !== undefined) sent["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(apiBase + path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: "network_error",
      detail: "The course server cannot be reached. Check your connection and try again.",
    });
  }
  const text = response.status === 204 ? "" : await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401 && signedIn && data?.code === "invalid_token") {
      signOut(); // expired or revoked token: the visitor is anonymous again
      throw new ApiError(401, { code: "session_expired",
        detail: "Your session has ended. Please log in again." });
    }
    throw new ApiError(response.status, data);
  }
  return { status: response.status, data };
}

export const get = (path) => request("GET", path);
export const post = (path, body, headers) => request("POST", path, { body, headers });
