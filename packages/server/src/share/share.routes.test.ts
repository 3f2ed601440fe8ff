import { describe, expect, it } from 'vitest';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { SHARE_CSP } from './share.routes.js';

/** The share link page: the published flow in the widget, on a page of its own, without login. */
describe.each(storageFactories)('share page /f/:flowId on $name', (factory) => {
  const t = useTestApp(factory);

  async function published(definition: object = branchingFlow): Promise<string> {
    const id = uniqueFlowId('share');
    const made = await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition } });
    expect(made.status, await made.clone().text()).toBe(201);
    const version = await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true });
    expect(version.status, await version.clone().text()).toBe(201);
    return id;
  }

  it('serves the published flow in the widget: its name as the title, the theme background, no login, strict headers', async () => {
    const id = await published({ ...branchingFlow, name: 'Tell us <everything> & more', theme: { background: '#102030', accent: '#0b7a3e' } });
    const res = await t.request('GET', `/f/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(SHARE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<title>Tell us &lt;everything&gt; &amp; more</title>');
    expect(html).toContain(`<reelback-flow flow="${id}"></reelback-flow>`);
    expect(html).toContain('<script type="module" src="/widget/reelback-flow.js"></script>');
    expect(html).toMatch(/body\{[^}]*background:#102030/);
    expect(html).not.toContain('<everything>');
    // No dashboard: nothing from /app.
    expect(html).not.toContain('/app/');
  });

  it('keeps a theme-less page on its default background', async () => {
    const html = await (await t.request('GET', `/f/${await published()}`)).text();
    expect(html).toMatch(/background:#f4f5f8/);
  });

  it('answers 404 for an unknown flow, an unpublished one and a malformed id; 410 once archived (and 200 again after unarchiving)', async () => {
    expect((await t.request('GET', '/f/no-such-flow')).status).toBe(404);
    const draft = uniqueFlowId('share-draft');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: draft, definition: branchingFlow } })).status).toBe(201);
    const unpublished = await t.request('GET', `/f/${draft}`);
    expect(unpublished.status).toBe(404);
    expect(await unpublished.text()).toContain('There is no published video flow at this link');
    expect((await t.request('GET', '/f/bad%20id%3Cscript%3E')).status).toBe(404);

    const id = await published();
    expect((await t.request('POST', `/api/v1/flows/${id}/archive`, { owner: true })).status).toBe(200);
    const gone = await t.request('GET', `/f/${id}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-security-policy')).toBe(SHARE_CSP);
    expect(await gone.text()).toContain('This video flow has ended');
    expect((await t.request('POST', `/api/v1/flows/${id}/unarchive`, { owner: true })).status).toBe(200);
    expect((await t.request('GET', `/f/${id}`)).status).toBe(200);
  });
});
