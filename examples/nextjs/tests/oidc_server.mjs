// A local OpenID provider for the example's tests (and for trying the example without a
// Cognito pool): npm's `oidc-provider` on 127.0.0.1, one confidential client, and a sign-in
// form that takes any email address (no password) and vouches for it as verified.
//
//   OIDC_PORT=9000 OIDC_CLIENT_ID=tuition-nextjs OIDC_CLIENT_SECRET=… \
//   OIDC_REDIRECT_URI=http://127.0.0.1:3000/api/auth/callback/oidc node tests/oidc_server.mjs
//
// Prints one line of JSON once it listens: {"issuer": …, "jwks_uri": …}. ID tokens are
// RS256, signed with a key made at start (published at `jwks_uri`), and carry `email` and
// `email_verified` as Tuition's identity-provider settings expect them.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";

import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT || 0);
const clientId = process.env.OIDC_CLIENT_ID || "tuition-nextjs";
const clientSecret = process.env.OIDC_CLIENT_SECRET || "tuition-nextjs-secret";
const redirectUris = (process.env.OIDC_REDIRECT_URI
  || "http://127.0.0.1:3000/api/auth/callback/oidc").split(",");

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "local-1", use: "sig", alg: "RS256" };

const escape = (text) => String(text).replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function page(uid, error = "") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Sign in</title></head><body><main>
<h1>Sign in</h1>
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<button type="submit">Continue</button>
</form></main></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function start(issuer) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // The email in the ID token itself (Tuition reads it there, as it does Cognito's).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true }),
    }),
    issueRefreshToken: () => false,
  });
  provider.proxy = false;
  const callback = provider.callback();
  return http.createServer(async (req, res) => {
    const found = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url || "");
    if (!found) {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method !== "POST") {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(page(details.uid));
        return;
      }
      const email = ((await readForm(req)).get("email") || "").trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
        res.writeHead(400, { "Content-Type": "text/html; charset=utf-8" });
        res.end(page(details.uid, "Enter an email address."));
        return;
      }
      const grant = new provider.Grant({ accountId: email, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope || "openid"));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res,
        { login: { accountId: email }, consent: { grantId } },
        { mergeWithLastSubmission: false });
    } catch (error) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(String(error));
    }
  });
}

// The issuer names the port, so listen first (port 0: a free one), then build the provider.
const listener = http.createServer();
listener.listen(port, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${listener.address().port}`;
  const server = start(issuer);
  listener.on("request", (req, res) => server.emit("request", req, res));
  process.stdout.write(`${JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` })}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => listener.close(() => process.exit(0)));
}
