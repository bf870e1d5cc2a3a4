import { useEffect, useState } from "react";

import { startProviderSignIn, type ProviderSignIn } from "./oidc";
import { useSession } from "./session";
import { ProblemNote } from "./ui";

/** The site's identity-provider sign-in for the console, once the key is known; null while
 * unknown or when the site has none. */
export function useProviderSignIn(key: string): ProviderSignIn | null {
  const { clientFor } = useSession();
  const [found, setFound] = useState<ProviderSignIn | null>(null);
  useEffect(() => {
    const site = key.trim();
    setFound(null);
    if (!site.startsWith("pk_")) {
      return;
    }
    let current = true;
    clientFor(site)
      .GET("/v1/staff/identity-provider")
      .then(({ data }) => {
        if (current && data?.enabled) {
          setFound(data);
        }
      })
      .catch(() => undefined); // no provider button: passwords still work
    return () => {
      current = false;
    };
  }, [key, clientFor]);
  return found;
}

/** A button that goes to the site's identity provider (and comes back signed in). */
export function ProviderButton({
  provider,
  siteKey,
  label,
  invitation,
}: {
  provider: ProviderSignIn;
  siteKey: string;
  label: string;
  invitation?: { token: string; name?: string };
}) {
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="provider-sign-in">
      <button
        type="button"
        onClick={() => {
          setError(null);
          startProviderSignIn(provider, siteKey.trim(), invitation).catch(setError);
        }}
      >
        {label}
      </button>
      <ProblemNote error={error} />
    </div>
  );
}
