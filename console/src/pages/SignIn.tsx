import { useEffect, useRef, useState, type FormEvent } from "react";

import { PRESET_KEY } from "../config";
import { ApiError, fieldProblems, unwrap } from "../problems";
import { ProviderButton, useProviderSignIn } from "../provider";
import { rememberedKey, useSession } from "../session";
import { Field, ProblemNote } from "../ui";

/** Email and password, then the authenticator's code when the member has turned it on. */
export function SignInPage() {
  const { clientFor, signIn } = useSession();
  const [key, setKey] = useState(PRESET_KEY || rememberedKey());
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const provider = useProviderSignIn(key);
  // The code step: its field takes the focus (keyboard and screen-reader users land there).
  useEffect(() => {
    if (needsCode) {
      codeInput.current?.focus();
    }
  }, [needsCode]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems({});
    setError(null);
    try {
      const answer = unwrap(
        await clientFor(key.trim()).POST("/v1/staff/sign-in", {
          body: { email, password, totp_code: needsCode ? code : null },
        }),
      );
      signIn({ token: answer.token, key: key.trim(), staff: answer.staff });
    } catch (failed) {
      if (failed instanceof ApiError && failed.code === "totp_required") {
        setNeedsCode(true);
      } else {
        const found = fieldProblems(failed, {
          invalid_totp: "totp_code",
          invalid_credentials: "",
          unauthorized: "key",
        });
        setProblems(found);
        setError(found[""] ? failed : null);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card signin">
      <h1>Sign in to the console</h1>
      <form onSubmit={submit} noValidate>
        {!needsCode ? (
          <>
            <Field
              label="Site key"
              hint="The site's publishable key (pk_…)."
              value={key}
              onChange={(e) => setKey(e.target.value)}
              autoComplete="off"
              required
              error={problems.key}
            />
            <Field
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="username"
              required
              error={problems.email}
            />
            <Field
              label="Password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              required
              error={problems.password}
            />
          </>
        ) : (
          <>
            <p>Two-factor sign-in is on for {email}.</p>
            <Field
              ref={codeInput}
              label="Authenticator code"
              hint="The 6 digits your authenticator app shows."
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              error={problems.totp_code}
            />
          </>
        )}
        <ProblemNote error={error} message={problems[""]} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {needsCode ? "Verify" : "Sign in"}
          </button>
          {needsCode ? (
            <button
              type="button"
              onClick={() => {
                setNeedsCode(false);
                setCode("");
                setProblems({});
              }}
            >
              Back
            </button>
          ) : null}
        </div>
      </form>
      {provider && !needsCode ? (
        <ProviderButton
          provider={provider}
          siteKey={key}
          label="Sign in with your identity provider"
        />
      ) : null}
    </div>
  );
}
