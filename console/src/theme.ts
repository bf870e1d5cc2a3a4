/** Light or dark: the system's choice until the person picks one (kept in this browser). */
export type Theme = "light" | "dark";

const STORE = "tuition-console-theme";

export function initialTheme(): Theme {
  const saved = window.localStorage.getItem(STORE);
  if (saved === "light" || saved === "dark") {
    return saved;
  }
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function applyTheme(theme: Theme, remember = false) {
  document.documentElement.dataset.theme = theme;
  if (remember) {
    window.localStorage.setItem(STORE, theme);
  }
}
