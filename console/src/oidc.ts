/**
 * Signing in with the site's identity provider: OAuth 2.0 authorization code flow with
 * PKCE (RFC 7636, S256) for a public client, with the browser's own crypto. The provider's
 * endpoints and the console's client id come from the API (`GET
 * /v1/staff/identity-provider`, the site's `identity_provider.console`). What the flow
 * needs across the redirect (the verifier, state and nonce) lives in this tab's
 * sessionStorage until the callback spends it. The ID token is then sent to Tuition, which
 * verifies it (issuer, JWKS, audience); the console only checks that it answers this tab's
 * request (state, nonce).
 */
import { BASENAME } from "./config";

export interface ProviderSignIn {
  authorization_endpoint?: string | null;
  token_endpoint?: string | null;
  client_id?: string | null;
  scope?: string | null;
}

/** What the callback needs: the flow's secrets, the site, and what to do with the token. */
export interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  key: string;
  /** Accept this invitation (its token) with the identity, then sign in. */
  invitation?: string;
  name?: string;
}

const PENDING = "tuition-console-provider-sign-in";

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) {
    text += String.fromCharCode(byte);
  }
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The console's redirect URI: register it at the provider for the console's client. */
export function redirectUri(): string {
  const base = BASENAME === "/" ? "" : BASENAME;
  return `${window.location.origin}${base}/auth/callback`;
}

/** Go to the provider's sign-in page; it comes back to `/auth/callback`. */
export async function startProviderSignIn(
  provider: ProviderSignIn,
  key: string,
  invitation?: { token: string; name?: string },
): Promise<void> {
  if (!provider.authorization_endpoint || !provider.token_endpoint || !provider.client_id) {
    throw new Error("The site's identity provider is not set up for the console.");
  }
  const pending: Pending = {
    state: random(16),
    nonce: random(16),
    verifier: random(48), // 64 characters of [A-Za-z0-9-_]: within RFC 7636's 43-128
    tokenEndpoint: provider.token_endpoint,
    clientId: provider.client_id,
    redirectUri: redirectUri(),
    key,
    ...(invitation ? { invitation: invitation.token, name: invitation.name } : {}),
  };
  window.sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(provider.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", pending.clientId);
  url.searchParams.set("redirect_uri", pending.redirectUri);
  url.searchParams.set("scope", provider.scope || "openid email profile");
  url.searchParams.set("state", pending.state);
  url.searchParams.set("nonce", pending.nonce);
  url.searchParams.set("code_challenge", await s256(pending.verifier));
  url.searchParams.set("code_challenge_method", "S256");
  window.location.assign(url.toString());
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1] ?? "";
  const padded = part.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((part.length + 3) % 4);
  try {
    return JSON.parse(atob(padded)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Back from the provider: check the state, redeem the code with the verifier at the token
 * endpoint, check the ID token's nonce. The pending request is spent whatever happens.
 */
export async function finishProviderSignIn(
  search: string,
): Promise<{ pending: Pending; identityToken: string }> {
  const raw = window.sessionStorage.getItem(PENDING);
  window.sessionStorage.removeItem(PENDING);
  if (!raw) {
    throw new Error("No sign-in with the identity provider was started in this tab.");
  }
  const pending = JSON.parse(raw) as Pending;
  const params = new URLSearchParams(search);
  const refused = params.get("error");
  if (refused) {
    throw new Error(`The identity provider refused: ${params.get("error_description") || refused}.`);
  }
  const code = params.get("code");
  if (!code || params.get("state") !== pending.state) {
    throw new Error("The identity provider's answer does not belong to this sign-in; try again.");
  }
  const response = await fetch(pending.tokenEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const why = body.error_description || body.error || `status ${response.status}`;
    throw new Error(`The identity provider did not give a token: ${String(why)}.`);
  }
  const idToken = typeof body.id_token === "string" ? body.id_token : undefined;
  if (idToken && claimsOf(idToken).nonce !== pending.nonce) {
    throw new Error("The identity provider's token does not belong to this sign-in; try again.");
  }
  const token = idToken ?? (typeof body.access_token === "string" ? body.access_token : "");
  if (!token) {
    throw new Error("The identity provider answered without a token.");
  }
  return { pending, identityToken: token };
}
