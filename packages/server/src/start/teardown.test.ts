import { describe, expect, it } from 'vitest';
import { Teardown } from './teardown.js';

describe('Teardown', () => {
  it('stops newest first, each step once, and runs nothing the second time', async () => {
    const stopped: string[] = [];
    const teardown = new Teardown();
    teardown.add('database', () => void stopped.push('database'));
    teardown.add('queue', async () => void stopped.push('queue'));
    teardown.add('server', () => void stopped.push('server'));
    await teardown.run();
    await teardown.run();
    expect(stopped).toEqual(['server', 'queue', 'database']);
  });

  it('runs every step when one fails, then throws the first failure naming its step', async () => {
    const stopped: string[] = [];
    const teardown = new Teardown();
    teardown.add('database', () => void stopped.push('database'));
    teardown.add('answer feed', () => Promise.reject(new Error('connection reset')));
    teardown.add('mailer', () => {
      throw new Error('transport gone');
    });
    const failure = await teardown.run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(stopped).toEqual(['database']);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('stopping mailer failed');
    expect(((failure as Error).cause as Error).message).toBe('transport gone');
  });
});
