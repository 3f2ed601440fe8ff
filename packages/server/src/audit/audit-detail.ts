import type { AuditDetail } from '@reelback/shared';

/** Field names that may carry a credential: their values are never stored, whatever a caller passes. */
const SECRET_NAME = /secret|token|password|passphrase|credential|api[-_]?key|^key$|authori[sz]ation|cookie|signature/i;
const MAX_TEXT = 300;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;
/** A detail is a few facts; anything bigger is cut to its field names. */
const MAX_JSON_CHARS = 4000;

export const REDACTED = '[redacted]';

type Json = string | number | boolean | null | Json[] | { [name: string]: Json };

function clean(value: unknown, depth: number): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => clean(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [name, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
      if (item === undefined) continue;
      out[name] = SECRET_NAME.test(name) ? REDACTED : clean(item, depth + 1);
    }
    return out;
  }
  return String(value);
}

/**
 * What an audit entry may keep of the detail a service passes: JSON values only, no value of a field named like a
 * credential (secret, token, password, key, …), text cut at 300 characters, at most 4,000 characters in all (else
 * only the field names). So a service passing a whole settings object by mistake leaks no secret into the log.
 */
export function safeDetail(detail: Record<string, unknown>): AuditDetail {
  const cleaned = clean(detail, 0) as Record<string, Json>;
  if (JSON.stringify(cleaned).length <= MAX_JSON_CHARS) return cleaned;
  return { truncated: true, fields: Object.keys(cleaned).slice(0, MAX_ITEMS) };
}

/**
 * A URL as the audit log keeps it: its origin only (`https://hooks.example.com`). Receivers' paths and queries often
 * carry their credential (Slack's and Discord's webhook URLs do), and the log outlives the setting.
 */
export function urlOrigin(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? '(not a web address)' : origin;
  } catch {
    return '(not a URL)';
  }
}
