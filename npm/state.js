// edgewise/state: keep a saved state (the bytes of `exportState()`, or a profile's JSON) across
// page loads. Plain JavaScript, no wasm: works in pages, Web Workers and Node.

// String.fromCharCode.apply takes its arguments on the stack: 32 KiB chunks stay far below any limit.
const CHUNK = 0x8000;

/** Encodes bytes as standard base64 (with padding), for any length. */
export function bytesToBase64(bytes) {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`invalid argument \`bytes\`: expected a Uint8Array, got ${describe(bytes)}`);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Decodes standard base64 (as `bytesToBase64` writes it) back to bytes. */
export function base64ToBytes(text) {
  if (typeof text !== 'string') {
    throw new TypeError(`invalid argument \`text\`: expected a base64 string, got ${describe(text)}`);
  }
  let binary;
  try {
    binary = atob(text);
  } catch {
    throw new TypeError(`invalid argument \`text\`: expected a base64 string, got ${text.length} characters that are not base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A key-value store of saved states in IndexedDB (database `dbName`, one object store `states`).
 * Works in pages and in Web Workers, where `localStorage` does not exist. Values are stored as
 * given: a Uint8Array (exportState()), a string (JSON.stringify(profile)) or any cloneable value.
 */
export async function openStateStore(dbName = 'edgewise') {
  if (typeof indexedDB === 'undefined') {
    throw new Error('openStateStore: IndexedDB is not available here (Node has none; use files or base64 strings)');
  }
  const db = await request(() => {
    const open = indexedDB.open(dbName, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('states');
    return open;
  });
  const run = (mode, fn) => request(() => fn(db.transaction('states', mode).objectStore('states')));
  return {
    /** Stores `value` under `key`, replacing what was there. */
    save: (key, value) => run('readwrite', (s) => s.put(value, key)).then(() => undefined),
    /** The value stored under `key`, or undefined. */
    load: (key) => run('readonly', (s) => s.get(key)),
    /** Forgets `key`. */
    remove: (key) => run('readwrite', (s) => s.delete(key)).then(() => undefined),
    /** Closes the database connection. */
    close: () => db.close(),
  };
}

function request(make) {
  return new Promise((resolve, reject) => {
    const req = make();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function describe(value) {
  if (value === null) return 'null';
  const name = typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value;
  return `${/^[aeiouAEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}
