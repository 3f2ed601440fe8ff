// Blob keys come from our own code (`clips/<clipId>/original`), but a key that could climb out of a folder or name
// another object is a bug worth failing on: every blob store checks its keys here.

const SAFE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** `key` itself when it is a plain relative path of safe names; throws `invalid blob key` otherwise. */
export function checkedBlobKey(key: string): string {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid blob key '${key}'`);
  }
  return key;
}
