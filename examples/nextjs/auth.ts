// Auth.js (next-auth v5): who the student is. Production signs in with Amazon Cognito (its
// hosted UI: email and social sign-in); any other OpenID provider works the same way (the
// tests run a local one). The provider's ID token is what Tuition accepts as the student's
// token (the site's identity-provider settings trust the issuer, see README.md). It lives in
// Auth.js's encrypted JWT cookie (httpOnly): server components and server actions read it
// (lib/session.ts); the browser's JavaScript never sees it, and the session Auth.js hands to
// the browser (`/api/auth/session`) holds the name and email only.
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { Provider } from "next-auth/providers";
import Cognito from "next-auth/providers/cognito";

/** Cookies marked Secure when the site is served over https (AUTH_URL says so). */
export const secureCookies = (process.env.AUTH_URL ?? "").startsWith("https://");

/** The provider students sign in with: Cognito when it is configured, else a generic one. */
export const providerId = process.env.AUTH_COGNITO_ISSUER ? "cognito" : "oidc";

function providers(): Provider[] {
  if (providerId === "cognito") {
    // AUTH_COGNITO_ID, AUTH_COGNITO_SECRET and AUTH_COGNITO_ISSUER
    // (https://cognito-idp.<region>.amazonaws.com/<user pool id>).
    return [Cognito({ checks: ["pkce", "state", "nonce"] })];
  }
  return [{
    id: "oidc",
    name: process.env.AUTH_OIDC_NAME ?? "OpenID",
    type: "oidc",
    issuer: process.env.AUTH_OIDC_ISSUER,
    clientId: process.env.AUTH_OIDC_ID,
    clientSecret: process.env.AUTH_OIDC_SECRET,
    checks: ["pkce", "state", "nonce"],
  }];
}

const REFRESH_BEFORE_SECONDS = 300;

/** A fresh ID token for the refresh token (Cognito issues one at sign-in), or the error. */
async function refreshed(token: JWT): Promise<JWT> {
  const issuer = providerId === "cognito" ? process.env.AUTH_COGNITO_ISSUER
    : process.env.AUTH_OIDC_ISSUER;
  const id = providerId === "cognito" ? process.env.AUTH_COGNITO_ID : process.env.AUTH_OIDC_ID;
  const secret = providerId === "cognito" ? process.env.AUTH_COGNITO_SECRET
    : process.env.AUTH_OIDC_SECRET;
  try {
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    const { token_endpoint: endpoint } = (await discovery.json()) as { token_endpoint: string };
    const answer = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${btoa(`${encodeURIComponent(id ?? "")}:${encodeURIComponent(secret ?? "")}`)}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token",
        refresh_token: String(token.refreshToken) }),
    });
    const body = (await answer.json()) as { id_token?: string; expires_in?: number;
      refresh_token?: string };
    if (!answer.ok || !body.id_token) throw new Error(`refresh refused (${answer.status})`);
    return {
      ...token,
      idToken: body.id_token,
      expiresAt: Math.floor(Date.now() / 1000) + (body.expires_in ?? 3600),
      refreshToken: body.refresh_token ?? token.refreshToken,
      error: undefined,
    };
  } catch {
    return { ...token, error: "refresh_failed" };
  }
}

export const config = {
  providers: providers(),
  session: { strategy: "jwt" },
  useSecureCookies: secureCookies,
  trustHost: true,
  callbacks: {
    async jwt({ token, account }) {
      if (account) {
        // Signed in just now: keep the provider's tokens in the (encrypted) JWT cookie.
        return {
          ...token,
          idToken: account.id_token,
          expiresAt: account.expires_at,
          refreshToken: account.refresh_token,
        };
      }
      const left = Number(token.expiresAt ?? 0) - Date.now() / 1000;
      if (token.refreshToken && left < REFRESH_BEFORE_SECONDS && !token.error) {
        return refreshed(token);
      }
      return token;
    },
    // The session the browser may read: who is signed in, never a token.
    session({ session }) {
      return session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(config);
