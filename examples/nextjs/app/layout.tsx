// Every page: the header (site name, Courses, My dashboard, sign in or out) and the footer.
// Pages and their flows: docs/scenarios.md (README.md names each page's section there).
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { signInAction, signOutAction } from "@/app/actions";
import { auth } from "@/auth";
import { siteKey } from "@/lib/tuition";

import "./globals.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Courses", template: "%s · Courses" },
  description: "Courses sold through Tuition.",
};

/** Names of the demo sites (the public API has no site name); SITE_NAME overrides. */
const SITE_NAMES: Record<string, string> = {
  pk_demo_data_school: "Data School",
  pk_demo_web_bootcamp: "Web Bootcamp",
  pk_demo_python_weekend: "Python Weekend",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  const key = await siteKey();
  const name = process.env.SITE_NAME ?? SITE_NAMES[key] ?? "Courses";
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">Skip to content</a>
        <header className="site">
          <Link className="brand" href="/">{name}</Link>
          <nav aria-label="Main">
            <Link href="/">Courses</Link>
            {session ? <Link href="/dashboard">My dashboard</Link> : null}
            {session ? (
              <form action={signOutAction}>
                <span className="who">{session.user?.email}</span>{" "}
                <button type="submit" className="link">Sign out</button>
              </form>
            ) : (
              <form action={signInAction}>
                <input type="hidden" name="next" value="/dashboard" />
                <button type="submit" className="link">Sign in</button>
              </form>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site">
          <p>Sold through Tuition.</p>
        </footer>
      </body>
    </html>
  );
}
