/**
 * Where the console finds the API. Served by Tuition (/admin/) it is the same origin; a
 * deployment of its own sets VITE_TUITION_API_URL at build time (and the API's
 * TUITION_CORS_ORIGINS allows the console's origin). The site's publishable key is asked
 * at sign-in, remembered in this browser, or preset with VITE_TUITION_PUBLISHABLE_KEY or a
 * `?key=pk_…` link (the demo prints one).
 */
export const API_BASE: string =
  (import.meta.env.VITE_TUITION_API_URL as string | undefined) || window.location.origin;

export const PRESET_KEY: string =
  new URLSearchParams(window.location.search).get("key") ||
  (import.meta.env.VITE_TUITION_PUBLISHABLE_KEY as string | undefined) ||
  "";

/** The router's base: Vite's `base` (/admin/ unless CONSOLE_BASE said otherwise). */
export const BASENAME: string = import.meta.env.BASE_URL.replace(/\/+$/, "") || "/";
