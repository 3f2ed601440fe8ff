/**
 * localStorage when the page allows it (sandboxed iframes and some privacy modes throw on access),
 * else a Map that lives as long as the page.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

const memory = new Map<string, string>();

const memoryStore: KeyValueStore = {
  get: (key) => memory.get(key) ?? null,
  set: (key, value) => void memory.set(key, value),
  remove: (key) => void memory.delete(key),
};

export function browserStore(): KeyValueStore {
  try {
    const storage = globalThis.localStorage;
    const probe = '__reelback_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return {
      get: (key) => {
        try {
          return storage.getItem(key);
        } catch {
          return memoryStore.get(key);
        }
      },
      set: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // full or forbidden: keep it for this page at least
          memoryStore.set(key, value);
        }
      },
      remove: (key) => {
        try {
          storage.removeItem(key);
        } catch {
          memoryStore.remove(key);
        }
      },
    };
  } catch {
    return memoryStore;
  }
}

export function readJson<T>(store: KeyValueStore, key: string): T | null {
  const raw = store.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
