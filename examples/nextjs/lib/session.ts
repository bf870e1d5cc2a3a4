// The signed-in student's Tuition token, read on the server from Auth.js's encrypted JWT
// cookie. Only server components, server actions and route handlers import this.
import { headers } from "next/headers";
import { getToken } from "next-auth/jwt";

import { secureCookies } from "@/auth";

/** The provider's ID token of the signed-in student, or undefined (signed out, expired). */
export async function studentToken(): Promise<string | undefined> {
  const jwt = await getToken({
    req: { headers: await headers() },
    secret: process.env.AUTH_SECRET,
    secureCookie: secureCookies,
  });
  if (!jwt?.idToken || jwt.error) return undefined;
  if (jwt.expiresAt && jwt.expiresAt * 1000 <= Date.now()) return undefined;
  return jwt.idToken;
}
