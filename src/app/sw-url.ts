/// <reference types="vite/client" />
/**
 * The service-worker script URL as a TrustedScriptURL: under `require-trusted-types-for 'script'`
 * `navigator.serviceWorker.register()` is a script sink. The `pigeonpost-sw` policy accepts
 * exactly one URL, the app's own worker, and throws for anything else.
 */
import { BASE } from './router.ts';

/** Policy name; listed in the CSP (src/cli/app-shell/csp.ts, checked by a test). */
export const SW_POLICY_NAME = 'pigeonpost-sw';

interface ScriptUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (s: string) => string }): { createScriptURL(s: string): unknown };
}

/** The worker's URL: the built `sw.js`, or vite-plugin-pwa's dev worker under `vite dev`. */
export const SW_URL: string = import.meta.env.DEV ? `${BASE}dev-sw.js?dev-sw` : `${BASE}sw.js`;

let policy: { createScriptURL(s: string): unknown } | null | undefined;

/** SW_URL, wrapped for Trusted Types where the browser has them. */
export function trustedSwUrl(): string {
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: ScriptUrlPolicyFactory }).trustedTypes;
    policy = tt
      ? tt.createPolicy(SW_POLICY_NAME, {
          createScriptURL: (s) => {
            if (s !== SW_URL) throw new TypeError(`refusing script URL ${s.slice(0, 100)}`);
            return s;
          },
        })
      : null;
  }
  // register() is typed for strings; the platform accepts (and here requires) TrustedScriptURL.
  return (policy ? policy.createScriptURL(SW_URL) : SW_URL) as string;
}
