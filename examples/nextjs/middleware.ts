// Every page request: `?key=pk_…` chooses the site (one of TUITION_PUBLISHABLE_KEY's), which
// a cookie remembers; Auth.js's `auth` wrapper refreshes the ID token before it expires
// (Cognito issues a refresh token) and writes the updated session cookie.
import { NextResponse } from "next/server";

import { auth } from "@/auth";

const SITE_COOKIE = "tuition_site"; // lib/tuition.ts reads them
const SITE_HEADER = "x-tuition-site";

export default auth((request) => {
  const key = request.nextUrl.searchParams.get("key");
  const keys = (process.env.TUITION_PUBLISHABLE_KEY ?? "").split(",").map((k) => k.trim());
  if (!key || !keys.includes(key)) return NextResponse.next();
  // This request's pages read the choice from a request header, later ones from the cookie.
  const headers = new Headers(request.headers);
  headers.set(SITE_HEADER, key);
  const response = NextResponse.next({ request: { headers } });
  response.cookies.set(SITE_COOKIE, key, { httpOnly: true, sameSite: "lax", path: "/" });
  return response;
});

export const config = {
  runtime: "nodejs",
  // Pages only: not Auth.js's own routes, the live-event stream, nor Next.js's files.
  matcher: ["/((?!api/|_next/|favicon.ico).*)"],
};
