/**
 * Receiving files on the page (format.md §7.4, §9): decide what a file is by its first bytes
 * (a zip is a mirror file; anything else goes to the importer, which says what it is), and hand
 * it to the service worker, where verification and storage happen off the main thread. Bytes are
 * transferred, not copied. Nothing here trusts a file's name, type or contents.
 */
import type { ImportReport } from '../core/share/import.ts';
import { MAX_SHARE_BYTES } from '../core/format/share.ts';
import { MAX_FILE_MIRROR_BYTES } from '../core/sync/file-mirror.ts';
import type { SyncStatus } from '../shared/protocol.ts';
import { send } from './sw-client.ts';

/** The outcome for one file or folder. */
export type Received =
  | { readonly name: string; readonly kind: 'share'; readonly report: ImportReport }
  | { readonly name: string; readonly kind: 'mirror'; readonly status: SyncStatus; readonly before: number }
  | { readonly name: string; readonly kind: 'error'; readonly source: 'share' | 'mirror'; readonly code: string; readonly message: string };

/** Whether anything new was stored: the moment to ask the browser to keep the data (persist.ts). */
export function storedSomething(r: Received): boolean {
  if (r.kind === 'share') return r.report.stories.some((s) => s.status === 'added' || s.status === 'replaced');
  if (r.kind === 'mirror') return r.status.articleCount > r.before || (r.status.lastRun?.added ?? 0) > 0;
  return false;
}

/** Repository paths a mirror folder must give (the app shell and anything else are not read). */
const MIRROR_PATH = /(^|\/)(timestamp\.json|root\.json|root\/[1-9][0-9]{0,9}\.json|objects\/[0-9a-f]{64})$/;

function failure(e: unknown): { code: string; message: string } {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

async function isZip(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}

/** Receive one file: a mirror zip is synced from, anything else imported as a share file. */
export async function receiveFile(file: File, articleCount: number): Promise<Received> {
  let source: 'share' | 'mirror' = 'share';
  try {
    if (await isZip(file)) {
      source = 'mirror';
      if (file.size > MAX_FILE_MIRROR_BYTES) throw new Error('too large');
      const zip = await file.arrayBuffer();
      const status = await send('SYNC_FROM_FILE', { name: file.name, zip }, { transfer: [zip] });
      return { name: file.name, kind: 'mirror', status, before: articleCount };
    }
    if (file.size > MAX_SHARE_BYTES) {
      // Refused before reading: the same verdict the importer would give.
      const report: ImportReport = {
        ok: false,
        rejection: { reason: 'too-large', code: 'TOO_LARGE', message: `${file.size} bytes` },
        publisher: { name: '', site: '', fingerprint: '' },
        stories: [],
      };
      return { name: file.name, kind: 'share', report };
    }
    const bytes = await file.arrayBuffer();
    const report = await send('IMPORT_SHARE', { name: file.name, bytes }, { transfer: [bytes] });
    return { name: file.name, kind: 'share', report };
  } catch (e) {
    return { name: file.name, kind: 'error', source, ...failure(e) };
  }
}

/** Receive a folder (an `<input webkitdirectory>` selection) holding a mirror tree. */
export async function receiveFolder(files: readonly File[], articleCount: number): Promise<Received> {
  const first = files[0] as (File & { webkitRelativePath?: string }) | undefined;
  const name = first?.webkitRelativePath?.split('/')[0] || first?.name || 'folder';
  try {
    const wanted = files.filter((f) => MIRROR_PATH.test((f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name));
    const entries = await Promise.all(wanted.map(async (f) => ({ path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, bytes: await f.arrayBuffer() })));
    const status = await send('SYNC_FROM_FILE', { name, files: entries }, { transfer: entries.map((e) => e.bytes) });
    return { name, kind: 'mirror', status, before: articleCount };
  } catch (e) {
    return { name, kind: 'error', source: 'mirror', ...failure(e) };
  }
}
