import { useEffect, useRef, useState, type ComponentType } from "react";
import { NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";

import { AccountPage } from "./pages/Account";
import { AuditPage } from "./pages/Audit";
import { CohortPage, CohortsPage } from "./pages/Cohorts";
import { CourseEditPage, CourseNewPage, CoursesPage } from "./pages/Courses";
import { ImportPage } from "./pages/Enroll";
import { InvitationPage } from "./pages/Invitation";
import { OperatorPage } from "./pages/Operator";
import { KeysPage } from "./pages/Keys";
import { OrdersPage } from "./pages/Orders";
import { OverviewPage } from "./pages/Overview";
import { PluginPage, PluginsPage } from "./pages/Plugins";
import { ProviderCallbackPage } from "./pages/ProviderCallback";
import { SignInPage } from "./pages/SignIn";
import { StaffPage } from "./pages/Staff";
import { StudentPage, StudentsPage } from "./pages/Students";
import { WebhookPage, WebhooksPage } from "./pages/Webhooks";
import { useSession } from "./session";
import { applyTheme, initialTheme, type Theme } from "./theme";

const SECTIONS = [
  { to: "/", label: "Overview", end: true },
  { to: "/courses", label: "Courses" },
  { to: "/students", label: "Students" },
  { to: "/orders", label: "Orders" },
  { to: "/staff", label: "Staff", owner: true },
  { to: "/audit", label: "Audit log" },
  { to: "/plugins", label: "Plugins", owner: true },
  { to: "/webhooks", label: "Webhooks" },
  { to: "/keys", label: "Keys", owner: true },
];

export function App() {
  const { staff, signOut } = useSession();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => applyTheme(theme), [theme]);
  // A new screen: close the phone menu and move focus to the content (screen readers).
  useEffect(() => {
    setMenuOpen(false);
    main.current?.focus();
  }, [location.pathname]);

  // Pages of their own: the operator's (its own token), the invitation's and the identity
  // provider's way back (no session yet).
  const own: Record<string, ComponentType> = {
    "/invitation": InvitationPage,
    "/auth/callback": ProviderCallbackPage,
  };
  const OwnPage =
    location.pathname === "/operator" ? OperatorPage : !staff ? own[location.pathname] : undefined;
  if (OwnPage) {
    return (
      <main id="main" ref={main} tabIndex={-1} className="signin-page">
        <OwnPage />
      </main>
    );
  }
  if (!staff) {
    return (
      <main id="main" ref={main} tabIndex={-1} className="signin-page">
        <SignInPage />
      </main>
    );
  }
  const toggle = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next, true);
    setTheme(next);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Tuition console</span>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="sections"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <div className="who">
          <NavLink to="/account">
            {staff.name || staff.email} <span className="role">{staff.role}</span>
          </NavLink>
          <button type="button" onClick={toggle} aria-pressed={theme === "dark"}>
            Dark theme
          </button>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="sections" aria-label="Sections" className={menuOpen ? "sections open" : "sections"}>
        <ul>
          {SECTIONS.filter((s) => !s.owner || staff.role === "owner").map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.end}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/courses" element={<CoursesPage />} />
          <Route path="/courses/new" element={<CourseNewPage />} />
          <Route path="/courses/:slug" element={<CourseEditPage />} />
          <Route path="/students" element={<StudentsPage />} />
          <Route path="/students/:id" element={<StudentPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/enrollments/import" element={<ImportPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/staff" element={<StaffPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/courses/:slug/cohorts" element={<CohortsPage />} />
          <Route path="/cohorts/:id" element={<CohortPage />} />
          <Route path="/plugins" element={<PluginsPage />} />
          <Route path="/plugins/:name" element={<PluginPage />} />
          <Route path="/webhooks" element={<WebhooksPage />} />
          <Route path="/webhooks/:id" element={<WebhookPage />} />
          <Route path="/keys" element={<KeysPage />} />
          <Route path="/sign-in" element={<Navigate to="/" replace />} />
          <Route path="/invitation" element={<Navigate to="/" replace />} />
          <Route path="/auth/callback" element={<Navigate to="/" replace />} />
          <Route path="*" element={<h1>Not found</h1>} />
        </Routes>
      </main>
    </div>
  );
}
