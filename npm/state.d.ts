/** Encodes bytes as standard base64 (with padding), for any length (no call-stack limit). */
export function bytesToBase64(bytes: Uint8Array): string;
/** Decodes standard base64 (as `bytesToBase64` writes it) back to bytes. */
export function base64ToBytes(text: string): Uint8Array;

/** Saved states in one IndexedDB object store; see `openStateStore`. */
export interface StateStore {
  /** Stores `value` under `key`, replacing what was there. */
  save(key: string, value: unknown): Promise<void>;
  /** The value stored under `key`, or undefined. */
  load(key: string): Promise<unknown>;
  /** Forgets `key`. */
  remove(key: string): Promise<void>;
  /** Closes the database connection. */
  close(): void;
}

/**
 * A key-value store of saved states in IndexedDB (database `dbName`, default "edgewise"). Works in
 * pages and in Web Workers, where `localStorage` does not exist; rejects where there is no IndexedDB.
 */
export function openStateStore(dbName?: string): Promise<StateStore>;
