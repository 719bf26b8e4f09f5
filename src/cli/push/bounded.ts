/**
 * Bounded parallelism that stops at the first failure: no new item starts once one has failed,
 * and the call settles only after every started item has, so nothing of an interrupted push
 * outlives it (a later stage must never start while an earlier one is still uploading).
 */

/** Run `fn` over `items`, at most `limit` at once; rejects with the first error after all started ones settled. */
export async function runBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.error;
}
