// Next.js settings of the example. The Tuition client runs on the server only; Node loads it
// from node_modules (`file:../../clients/typescript`) rather than bundling it.
/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@tuition/client"],
};

export default nextConfig;
