/**
 * Files handed to the app from outside the page: `file_handlers` launches (desktop Chromium,
 * `launchQueue`) and the share_target's files (held by the worker, taken with TAKE_SHARED_FILES).
 * Both end in the same queue the share page's import panel drains; picker, drag and drop and paste
 * feed the panel directly. Nothing here reads or trusts the files' contents.
 */
import { send } from './sw-client.ts';

type Listener = (files: File[]) => void;

const queued: File[] = [];
let listener: Listener | undefined;

/** Give `files` to the import panel (now, or when it next opens). */
export function queueFiles(files: File[]): void {
  if (files.length === 0) return;
  if (listener) listener(files);
  else queued.push(...files);
}

/** The import panel takes over: queued files first, later ones as they come. Returns the stop function. */
export function drainFiles(l: Listener): () => void {
  listener = l;
  if (queued.length > 0) l(queued.splice(0));
  return () => {
    if (listener === l) listener = undefined;
  };
}

interface LaunchParams {
  readonly files: readonly { getFile(): Promise<File> }[];
}

/** Consume file_handlers launches (where the browser has launchQueue). */
export function watchLaunches(onLaunch: () => void): void {
  const lq = (window as unknown as { launchQueue?: { setConsumer(c: (p: LaunchParams) => void): void } }).launchQueue;
  lq?.setConsumer((params) => {
    if (!params.files?.length) return;
    void Promise.all(params.files.map((h) => h.getFile())).then((files) => {
      queueFiles(files);
      onLaunch();
    });
  });
}

/** The files a share_target POST brought (the worker hands them over once). */
export async function takeSharedFiles(): Promise<File[]> {
  const files = await send('TAKE_SHARED_FILES', {});
  return files.map((f) => new File([f.bytes], f.name));
}
