import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../node-flags.mjs';

describe('the node flags npm start runs the server with', () => {
  it('keep source maps, and give PostgreSQL (DATABASE_URL set) the small young generation', () => {
    expect(serverNodeFlags({})).toEqual(['--enable-source-maps']);
    expect(serverNodeFlags({ DATABASE_URL: 'postgres://localhost/reelback' })).toEqual(['--enable-source-maps', '--max-semi-space-size=4']);
  });
});
