async (variant) => {
  const opts = Object.fromEntries(variant.split('+').map((k) => { const [a, b] = k.split('='); return [a, b ?? true]; }));
  const name = 'x-' + variant + Date.now();
  const indexes = (opts.ours || opts.idx) && !opts.noidx;
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => {
      const s = r.result.createObjectStore('articles', { keyPath: 'id' });
      r.result.createObjectStore('packs', { keyPath: 'sha' });
      if (indexes) {
        s.createIndex('by-published', ['publishedMs', 'id']);
        s.createIndex('by-section', ['section', 'publishedMs', 'id']);
        s.createIndex('by-image', 'imageShas', { multiEntry: true });
        s.createIndex('by-rev', 'rev');
        if (opts.idx5) s.createIndex('by-envelopes', 'envelopeIn');
        if (opts.idx3) s.deleteIndex('by-rev');
      }
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const enc = new TextEncoder();
  const arts = globalThis.ARTS;
  const per = Number(opts.per ?? 100);
  const batches = [];
  for (let i = 0; i < arts.length; i += per) {
    batches.push(arts.slice(i, i + per).map((a, j) => {
      if (opts.floor) return a;
      const payload = JSON.stringify({ _type: 'pigeonpost.article', spec_version: 1, site: 'bench-news', ...a, rev: 1, dir: 'ltr', images: [] });
      const env = enc.encode(JSON.stringify({ payload, signatures: [{ keyid: 'a'.repeat(64), sig: 'b'.repeat(86) }] }));
      const { html, ...meta } = a;
      const row = { ...meta, envelopeIn: Math.floor(i / per), envelopeAt: j * 9000, envelopeLength: 9000, rev: 1, dir: 'ltr', site: 'bench-news', images: [], storedAt: Date.now(), publishedMs: Date.parse(a.published), imageShas: [] };
      if (opts.slim) { delete row.site; delete row.images; delete row.storedAt; delete row.imageShas; }
      if (opts.catenv) Object.defineProperty(row, 'cat', { value: env, enumerable: false });
      if (opts.meta) {} else if (opts.gz) row.envelope = env.subarray(0, Math.round(env.length / 6)).slice(); else if (opts.str) row.envelope = new TextDecoder().decode(env); else if (opts.blob) row.envelope = new Blob([env]); else row.envelope = env;
      return row;
    }));
  }
  const bytes = batches.flat().reduce((n, r) => n + (r.envelope ? (r.envelope.length ?? r.envelope.size) : r.html ? r.html.length : 0), 0);
  const t0 = performance.now();
  let next = 0;
  const conc = Number(opts.conc ?? 6);
  const worker = async () => {
    while (next < batches.length) {
      const list = batches[next++];
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['articles', 'packs'], 'readwrite', opts.relaxed ? { durability: 'relaxed' } : opts.strict ? { durability: 'strict' } : undefined);
        const store = tx.objectStore('articles');
        if (opts.gets) {
          let left = list.length;
          for (const a of list) store.get(a.id).onsuccess = () => { if (--left === 0) for (const b of list) store.put(b); };
        } else if (opts.getkeys) {
          let left = list.length;
          for (const a of list) store.getKey(a.id).onsuccess = () => { if (--left === 0) for (const b of list) store.put(b); };
        } else for (const a of list) store.put(a);
        if (opts.catenv) { const parts = list.map((r) => r.cat); const total = parts.reduce((n, b) => n + b.length, 0); const all = new Uint8Array(total); let at = 0; for (const b of parts) { all.set(b, at); at += b.length; } tx.objectStore('packs').put({ sha: name + Math.random(), bytes: opts.asblob ? new Blob([all]) : all }); }
        if (opts.packblob) { if (!globalThis.PB) { globalThis.PB = new Uint8Array(150000); for (let o = 0; o < 150000; o += 65536) crypto.getRandomValues(globalThis.PB.subarray(o, Math.min(150000, o + 65536))); } const s2 = tx.objectStore('packs'); if (opts.split) { for (let o = 0; o < 150000; o += 50000) s2.put({ sha: name + Math.random(), bytes: globalThis.PB.slice(o, o + 50000) }); } else s2.put({ sha: name + Math.random(), bytes: globalThis.PB.slice() }); }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  const ms = Math.round(performance.now() - t0);
  db.close();
  indexedDB.deleteDatabase(name);
  return { ms, MB: Math.round(bytes / 1e5) / 10 };
}
