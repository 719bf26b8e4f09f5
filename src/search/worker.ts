/// <reference lib="webworker" />
/**
 * The search worker (a dedicated worker the page starts on first use, search-client.ts): keeps
 * the index and answers queries off the page's main thread, so a search over ten thousand
 * articles never freezes the page. It opens the reader database itself (same origin).
 */
import { isSearchRequest, type SearchMessage, type SearchRequest } from './protocol.ts';
import { SearchService } from './service.ts';

declare const self: DedicatedWorkerGlobalScope;

let service: SearchService | undefined;

function post(m: SearchMessage): void {
  self.postMessage(m);
}

async function handle(r: SearchRequest): Promise<void> {
  try {
    if (r.type === 'init') {
      service?.close();
      service = new SearchService(r.site, (p) => post({ type: 'progress', done: p.done, total: p.total }));
      post({ id: r.id, ok: true, result: null });
      return;
    }
    if (!service) throw new Error('search worker used before init');
    const result = r.type === 'update' ? await service.update() : await service.query(r.options);
    post({ id: r.id, ok: true, result });
  } catch (e) {
    post({ id: r.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
}

self.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isSearchRequest(e.data)) void handle(e.data);
});
