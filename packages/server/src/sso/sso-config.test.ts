import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/config.js';
import { parseSsoConfig } from './sso-config.js';

const FULL = {
  REELBACK_OIDC_ISSUER: 'https://login.acme.example/realms/acme',
  REELBACK_OIDC_CLIENT_ID: 'reelback',
  REELBACK_OIDC_CLIENT_SECRET: 'a-client-secret',
  REELBACK_OIDC_DOMAINS: 'acme.example=owner, Contractors.Example=manager',
};

describe('REELBACK_OIDC_*', () => {
  it('is off when no variable is set', () => {
    expect(parseSsoConfig({})).toEqual({ config: null, problems: [] });
    expect(parseConfig({}, '/srv').sso).toBeNull();
  });

  it('reads the issuer, client, domains with their roles, workspace and private switch', () => {
    const { config } = parseSsoConfig({ ...FULL, REELBACK_OIDC_WORKSPACE: 'ws-1', REELBACK_OIDC_ALLOW_PRIVATE: '1' });
    expect(config).toMatchObject({ issuer: FULL.REELBACK_OIDC_ISSUER, clientId: 'reelback', clientSecret: 'a-client-secret', workspaceId: 'ws-1', allowPrivate: true });
    expect([...config!.domains]).toEqual([
      ['acme.example', 'owner'],
      ['contractors.example', 'manager'],
    ]);
  });

  it('names every problem, and never echoes the secret', () => {
    const bad = () => parseConfig({ REELBACK_OIDC_ISSUER: 'http://login.acme.example', REELBACK_OIDC_CLIENT_SECRET: 'hush-hush', REELBACK_OIDC_DOMAINS: 'acme.example=viewer,nodomain' }, '/srv');
    expect(bad).toThrow(ConfigError);
    const message = (() => {
      try {
        bad();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('must be an https:// URL');
    expect(message).toContain('REELBACK_OIDC_CLIENT_ID');
    expect(message).toContain('"acme.example=viewer" must be <domain>=<role>');
    expect(message).toContain('"nodomain"');
    expect(message).not.toContain('hush-hush');
  });

  it('accepts plain http only for a private provider, and refuses a half configuration', () => {
    expect(parseSsoConfig({ ...FULL, REELBACK_OIDC_ISSUER: 'http://127.0.0.1:9000', REELBACK_OIDC_ALLOW_PRIVATE: 'yes' }).problems).toEqual([]);
    expect(parseSsoConfig({ REELBACK_OIDC_CLIENT_ID: 'reelback' }).problems[0]).toContain('REELBACK_OIDC_ISSUER is not');
  });
});
