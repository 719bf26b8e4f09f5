/** The reader database: schema, connection, the sync engine's store and the page's reads. */
export { DB_VERSION, DB_PREFIX, dbName, STORE_NAMES } from './schema.ts';
export type { PigeonpostDB, StoredArticle, SegmentRecord, StatusRecord, LeaseRecord, SettingRecord, ReadingPosition, SyncErrorRecord, SyncPhase } from './schema.ts';
export { getDb, closeDb, openReaderDb, UPGRADES, type UpgradeStep, type OpenOptions } from './open.ts';
export { IdbSyncStore, ownBytes, toStoredArticle } from './sync-store.ts';
export { listArticles, listSections, getArticle, articleHtml, getImage, articleCount, countArticles, saveReadingPosition, getReadingPosition } from './reading.ts';
export type { ArticleSummary, ListCursor, ListOptions, ReadableArticle } from './reading.ts';
export { loadSearchRecord, saveSearchRecord } from './search-record.ts';
export { loadPassageTexts, savePassageTexts, type PassageTextRow } from './passage-text.ts';
export { loadStatus, updateStatus, acquireLease, releaseLease, leaseHeld } from './status-store.ts';
export { isQuotaError, toStorageError } from './write-tx.ts';
export { savedIds, savedArticleIds, isSaved, setSaved, listSavedArticles, storedCounts } from './saved-store.ts';
export { applyRetention, loadRetention, retentionArticles, type RetentionOutcome } from './retention-store.ts';
