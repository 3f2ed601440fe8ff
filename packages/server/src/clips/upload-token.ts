import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Upload tokens are stateless: an HMAC over the clip id (which the server bound to one session and step when
 * it issued the ticket) and an expiry. A viewer holding one can write into that clip only, never into
 * another clip or session.
 */
export interface UploadTokenClaims {
  clipId: string;
  expiresAt: Date;
}

export class UploadTokens {
  private readonly key: Buffer;

  /** `secret` is long-lived (derived from the admin key): rotating it ends every upload in progress. */
  constructor(secret: string) {
    this.key = createHmac('sha256', 'reelback upload tokens').update(secret).digest();
  }

  issue(claims: UploadTokenClaims): string {
    const payload = `${claims.clipId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
    return `v1.${payload}.${this.sign(payload)}`;
  }

  /** The clip id the token was issued for, or the reason it is refused. */
  verify(token: string, now: Date): { ok: true; clipId: string } | { ok: false; reason: string } {
    const match = /^v1\.([A-Za-z0-9_-]+)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { ok: false, reason: 'the upload token is malformed' };
    const [, clipId, expiry, signature] = match as unknown as [string, string, string, string];
    const expected = Buffer.from(this.sign(`${clipId}.${expiry}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'the upload token is not valid' };
    }
    if (Number(expiry) * 1000 < now.getTime()) return { ok: false, reason: 'the upload token has expired' };
    return { ok: true, clipId };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** The token from `Authorization: Bearer …`, if any. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
