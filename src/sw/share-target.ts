/**
 * The Web Share Target (pwa-platform.md B.4, style habit 21): the manifest's `share_target` POSTs
 * shared files to `<base>share-target`; there is no server, so this worker answers it. It reads
 * the form data, answers at once with a 303 to the share page, and holds the files (the
 * FetchEvent's waitUntil keeps the worker alive meanwhile) until that page asks for them with
 * TAKE_SHARED_FILES. The page then imports them like any picked file: nothing is trusted here.
 */
import type { FilePayload } from '../shared/protocol.ts';

/** Where the manifest's share_target posts (relative to the app's base). */
export const SHARE_TARGET_PATH = 'share-target';
/** The form field of the shared files (the manifest's `params.files[0].name`). */
export const SHARE_TARGET_FIELD = 'files';
/** Most files taken from one share (the Web Share API itself sends at most 10). */
export const MAX_SHARED_FILES = 10;
/** How long shared files wait for their page (ms) before they are dropped. */
export const SHARED_FILES_TTL_MS = 5 * 60_000;

/** Files that arrived by share_target, waiting for the page the 303 opened. */
export class SharedFilesInbox {
  private files: FilePayload[] = [];
  private release: (() => void) | undefined;

  /** Hold `files` until taken (or the TTL passes); the promise settles then (for waitUntil). */
  hold(files: FilePayload[]): Promise<void> {
    this.release?.();
    this.files = files;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.files = [];
        resolve();
      }, SHARED_FILES_TTL_MS);
      this.release = () => {
        clearTimeout(timer);
        this.release = undefined;
        resolve();
      };
    });
  }

  /** The waiting files, handed over once. */
  take(): FilePayload[] {
    const out = this.files;
    this.files = [];
    this.release?.();
    return out;
  }
}

/** True for the share_target POST under `scope`. */
export function isShareTargetPost(request: Request, scope: URL): boolean {
  if (request.method !== 'POST') return false;
  const url = new URL(request.url);
  return url.origin === scope.origin && url.pathname === `${scope.pathname}${SHARE_TARGET_PATH}`;
}

/**
 * Answer the share_target POST: 303 to `<base>share?via=share-target` (a POST must not be
 * answered with the page itself: reloading it would post again), the files held in `inbox`.
 */
export async function receiveShareTarget(request: Request, scope: URL, inbox: SharedFilesInbox, waitUntil: (p: Promise<unknown>) => void): Promise<Response> {
  const target = new URL('share?via=share-target', scope).href;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.redirect(new URL('share?via=share-target&error=form', scope).href, 303);
  }
  const files: FilePayload[] = [];
  for (const v of form.getAll(SHARE_TARGET_FIELD).slice(0, MAX_SHARED_FILES)) {
    if (typeof v === 'string') continue;
    files.push({ name: v.name.slice(0, 200) || 'shared file', bytes: await v.arrayBuffer() });
  }
  waitUntil(inbox.hold(files));
  return Response.redirect(target, 303);
}
