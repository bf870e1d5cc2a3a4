import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";

import { PRESET_KEY } from "../config";
import { unwrap } from "../problems";
import { ProviderButton, useProviderSignIn } from "../provider";
import { rememberedKey, useSession } from "../session";
import { Field, FormProblem, useFormProblems } from "../ui";

/**
 * The page the invitation mail links to (email_notifications' `staff_invitation_url`, e.g.
 * `https://example.com/admin/invitation?key=pk_…&token={token}`): choose a password (and
 * a name), then the new member is signed in; or, at a site whose identity provider is set
 * up for the console (`identity_provider.console`), accept with the provider instead: the
 * member is bound to that identity and signs in with it from then on. Staff admitted by
 * their provider groups (`identity_provider.staff_groups`) need no invitation.
 */
export function InvitationPage() {
  const { clientFor, signIn } = useSession();
  const navigate = useNavigate();
  const params = new URLSearchParams(window.location.search);
  const [key, setKey] = useState(PRESET_KEY || rememberedKey());
  const [token, setToken] = useState(params.get("token") ?? "");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormProblems({
    invalid_invitation: "token",
    invitation_accepted: "token",
    invitation_expired: "token",
    unauthorized: "key",
  });
  const provider = useProviderSignIn(key);
  const { problems } = form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    await form.run(async () => {
      const api = clientFor(key.trim());
      const member = unwrap(
        await api.POST("/v1/staff/invitations:accept", {
          body: { token: token.trim(), password, name: name || null },
        }),
      );
      const signed = unwrap(
        await api.POST("/v1/staff/sign-in", { body: { email: member.email ?? "", password } }),
      );
      signIn({ token: signed.token ?? "", key: key.trim(), staff: signed.staff ?? member });
      navigate("/", { replace: true });
    });
    setBusy(false);
  }
  return (
    <div className="card signin">
      <h1>Accept your invitation</h1>
      <form onSubmit={submit} noValidate>
        {PRESET_KEY ? null : (
          <Field
            label="Site key"
            hint="The site's publishable key (pk_…)."
            value={key}
            onChange={(e) => setKey(e.target.value)}
            autoComplete="off"
            error={problems.key}
          />
        )}
        {params.get("token") && !problems.token ? null : (
          <Field
            label="Invitation code"
            hint="From the invitation mail."
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
            error={problems.token}
          />
        )}
        <Field
          label="Your name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          error={problems.name}
        />
        <Field
          label="Choose a password"
          type="password"
          hint="At least 8 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          required
          error={problems.password}
        />
        <FormProblem form={form} />
        <button type="submit" className="primary" disabled={busy}>
          Accept and sign in
        </button>
      </form>
      {provider ? (
        <>
          <p>Or, instead of a password:</p>
          <ProviderButton
            provider={provider}
            siteKey={key}
            label="Accept with your identity provider"
            invitation={{ token: token.trim(), name }}
          />
        </>
      ) : null}
    </div>
  );
}
