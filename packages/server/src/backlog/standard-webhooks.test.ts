import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, webhookHeaders, webhookKey } from './standard-webhooks.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('Standard Webhooks signing', () => {
  it("matches the specification's example signature", () => {
    expect(signWebhook(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it("is verified by the standardwebhooks package (Webhook.verify), with or without the whsec_ prefix; any change fails", () => {
    const body = JSON.stringify({ type: 'reelback.backlog.item', title: 'Ünïcode ✓ "quotes"', tags: ['a b'] });
    const headers = webhookHeaders(SECRET, body, { id: 'msg_1' });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(Number(headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(SECRET.slice('whsec_'.length)).verify(body, { ...headers })).toEqual(JSON.parse(body));

    expect(() => new Webhook(SECRET).verify(body.replace('a b', 'a c'), { ...headers })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(SECRET).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(WebhookVerificationError);
    const old = webhookHeaders(SECRET, body, { id: 'msg_1', now: new Date(Date.now() - 10 * 60_000) });
    expect(() => new Webhook(SECRET).verify(body, { ...old })).toThrow(/too old/);
  });

  it('generates secrets the package accepts, and gives each message a new id', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders(secret, '{}');
    expect(new Webhook(secret).verify('{}', { ...headers })).toEqual({});
    expect(webhookHeaders(secret, '{}')['webhook-id']).not.toBe(headers['webhook-id']);
  });

  it('refuses secrets that are not base64 or too short, and ids with a dot', () => {
    expect(() => webhookKey('whsec_not base64!')).toThrow(/"whsec_" followed by base64/);
    expect(() => webhookKey('whsec_c2hvcnQ=')).toThrow(/too short: 5 bytes/);
    expect(() => webhookKey('')).toThrow();
    expect(webhookKey(SECRET)).toHaveLength(24);
    expect(() => signWebhook(SECRET, 'msg.1', 1, '{}')).toThrow(/cannot contain "\."/);
  });
});
