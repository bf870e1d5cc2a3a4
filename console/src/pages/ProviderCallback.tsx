import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";

import { finishProviderSignIn } from "../oidc";
import { unwrap } from "../problems";
import { useSession } from "../session";
import { Loading, ProblemNote } from "../ui";

/**
 * `/auth/callback`: the identity provider sends the browser back here with a code. The
 * code becomes the provider's ID token (PKCE); with it the invitation is accepted (when the
 * sign-in started on the invitation page) and a staff session opened.
 */
export function ProviderCallbackPage() {
  const { clientFor, signIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [back, setBack] = useState("/");
  const started = useRef(false);

  useEffect(() => {
    if (started.current) {
      return; // the code works once
    }
    started.current = true;
    (async () => {
      try {
        const { pending, identityToken } = await finishProviderSignIn(window.location.search);
        if (pending.invitation) {
          const query = new URLSearchParams({ key: pending.key, token: pending.invitation });
          setBack(`/invitation?${query.toString()}`);
        }
        const api = clientFor(pending.key);
        if (pending.invitation) {
          unwrap(
            await api.POST("/v1/staff/invitations:accept-with-identity", {
              body: {
                token: pending.invitation,
                identity_token: identityToken,
                name: pending.name || null,
              },
            }),
          );
        }
        const signed = unwrap(
          await api.POST("/v1/staff/sign-in:identity", {
            body: { identity_token: identityToken },
          }),
        );
        signIn({ token: signed.token ?? "", key: pending.key, staff: signed.staff ?? {} });
        navigate("/", { replace: true });
      } catch (failed) {
        setError(failed);
      }
    })();
  }, [clientFor, signIn, navigate]);

  return (
    <div className="card signin">
      <h1>Signing in with your identity provider</h1>
      {error ? (
        <>
          <ProblemNote error={error} />
          <p>
            <Link to={back} replace reloadDocument>
              {back === "/" ? "Back to sign in" : "Back to your invitation"}
            </Link>
          </p>
        </>
      ) : (
        <Loading what="your account" />
      )}
    </div>
  );
}
