import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by Tuition at /admin/ (CONSOLE_BASE changes it for a deployment of its own).
// Everything is bundled: no CDN at run time.
export default defineConfig({
  base: process.env.CONSOLE_BASE ?? "/admin/",
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false },
});
