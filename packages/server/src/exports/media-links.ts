import { createHmac, timingSafeEqual } from 'node:crypto';

/** The clip files a link may point at: what a person watches or listens to (not the WAV or the original upload). */
export const LINKABLE_RENDITIONS = ['video', 'audio', 'poster'] as const;
export type LinkableRendition = (typeof LINKABLE_RENDITIONS)[number];

export type LinkCheck = { ok: true } | { ok: false; reason: 'bad-signature' } | { ok: false; reason: 'expired'; expiredAt: string };

/**
 * Media links for exports. A member link is the clip media route itself (`/api/v1/clips/:id/media/:rendition`):
 * it never expires and needs a member's credentials. A signed link (`/api/v1/media-links/:id/:rendition?expires=
 * &signature=`) needs none until `expires` (Unix seconds): the signature is HMAC-SHA256 over clip, rendition and
 * expiry under a key derived from the server's secret key (REELBACK_SECRET_KEY), so changing any of them, or
 * the secret key, breaks it; rotating the secret key revokes every signed link at once.
 */
export class MediaLinks {
  private readonly key: Buffer;

  constructor(secretKey: Uint8Array) {
    if (secretKey.length !== 32) throw new Error(`the secret key must be 32 bytes, got ${secretKey.length}`);
    // A key of its own for this one purpose, so a signature never doubles as anything made with the secret key.
    this.key = createHmac('sha256', secretKey).update('reelback media links v1').digest();
  }

  static memberPath(clipId: string, rendition: LinkableRendition): string {
    return `/api/v1/clips/${encodeURIComponent(clipId)}/media/${rendition}`;
  }

  private signature(clipId: string, rendition: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${clipId}\n${rendition}\n${expires}`).digest();
  }

  signedPath(clipId: string, rendition: LinkableRendition, expires: number): string {
    const signature = this.signature(clipId, rendition, expires).toString('base64url');
    return `/api/v1/media-links/${encodeURIComponent(clipId)}/${rendition}?expires=${expires}&signature=${signature}`;
  }

  /** The signature first (a forged link learns nothing about expiry), then the time. */
  check(clipId: string, rendition: string, expires: number, signature: string, nowMs: number): LinkCheck {
    const given = Buffer.from(signature, 'base64url');
    const expected = this.signature(clipId, rendition, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
    if (nowMs >= expires * 1000) return { ok: false, reason: 'expired', expiredAt: new Date(expires * 1000).toISOString() };
    return { ok: true };
  }
}
