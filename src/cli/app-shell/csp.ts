/**
 * The Content-Security-Policy of the reader app shell, delivered as a `<meta http-equiv>` in
 * index.html because static mirrors cannot be relied on to send headers.
 *
 * Why each directive (docs/reader-ui.md, "Content-Security-Policy", has the long form):
 * - Everything the page loads is its own precached code: `script-src 'self'`, no inline script,
 *   no eval; `'wasm-unsafe-eval'` only for compiling the precached QR reader's WebAssembly.
 *   Lit's styles are constructable stylesheets, so `style-src 'self'` suffices.
 * - `connect-src 'self'` only. The page never talks to a mirror: all mirror traffic goes through
 *   the service worker, whose fetches are governed by the worker's own policy (its script
 *   response), not by this one. Mirrors are untrusted hosts, so allowing the page to reach them
 *   would only give injected code a channel to a host that may log the reader.
 * - Images come from `/media/<sha256>` (served by the worker from IndexedDB): `img-src 'self'`;
 *   `blob:`/`data:` for locally generated images (icons, a future QR code). Never a remote image.
 * - `require-trusted-types-for 'script'` makes every raw HTML sink throw; the allowed policies are
 *   the article policy (DOMPurify inside), DOMPurify's private parse policy, the policy that
 *   vouches for the one service-worker script URL, the one for the search worker's, and lit-html's.
 * - `frame-ancestors` and `sandbox` are ignored in a meta tag; they are left out on purpose.
 */

/** Trusted Types policy names. Keep in step with src/app/sanitize.ts (checked by a test). */
export const TRUSTED_TYPES_POLICIES = ['pigeonpost-html', 'pigeonpost-purify', 'pigeonpost-sw', 'pigeonpost-search', 'lit-html'] as const;

/** Build the policy. `dev` adds what Vite's dev server needs (its HMR websocket). */
export function shellCsp(opts: { dev?: boolean } = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    // 'wasm-unsafe-eval' lets the page compile WebAssembly (the QR reader, zxing-wasm); it does
    // not allow eval() or new Function() for JavaScript.
    ['script-src', "'self'", "'wasm-unsafe-eval'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'blob:', 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(opts.dev ? ['ws:', 'wss:'] : [])],
    ['manifest-src', "'self'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', ...TRUSTED_TYPES_POLICIES],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
