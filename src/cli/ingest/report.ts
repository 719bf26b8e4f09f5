/**
 * The end-of-run summary line(s) for humans, and the `--json` document for machines.
 */
import { formatBytes } from './errors.ts';
import type { IngestSummary } from './types.ts';

/** One line: `ingest: 3 added, 1 updated, 10 unchanged, 1 failed; 120.5 kB written`. */
export function summaryLine(s: IngestSummary): string {
  const failed = s.failed + s.failedSources.length;
  const parts = [`${s.added} added`, `${s.updated} updated`, `${s.unchanged} unchanged`, `${failed} failed`];
  const sources = s.failedSources.length ? ` (${s.failedSources.length} source${s.failedSources.length === 1 ? '' : 's'} failed)` : '';
  return `ingest: ${parts.join(', ')}${sources}; ${formatBytes(s.bytesWritten)} written`;
}

/** The `--json` document (stable key order). */
export function summaryJson(s: IngestSummary): string {
  return `${JSON.stringify({
    added: s.added,
    updated: s.updated,
    unchanged: s.unchanged,
    failed: s.failed + s.failedSources.length,
    bytesWritten: s.bytesWritten,
    failedSources: s.failedSources,
    articles: s.articles,
    warnings: s.warnings,
  }, null, 2)}\n`;
}

/** 0 when everything worked, 1 when any source or article failed. */
export function exitCodeFor(s: IngestSummary): number {
  return s.failed > 0 || s.failedSources.length > 0 ? 1 : 0;
}
