import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowDefinition, SafeUrl, Step } from './flow.schema.js';
import { branchingFlowInput } from '../test-support/flow-fixtures.js';

describe('FlowDefinition', () => {
  it('parses a flow and applies defaults', () => {
    const flow = FlowDefinition.parse(branchingFlowInput);
    expect(flow.steps[0]?.prompt.video?.captions[0]).toEqual({ src: '/media/start.vtt', srclang: 'en', label: 'English' });
    const open = Step.parse({ id: 'o', prompt: {}, answer: { type: 'open' }, next: 'x' });
    expect(open.answer).toEqual({ type: 'open', kinds: ['video', 'audio', 'text'], maxDurationSeconds: 120, maxTextLength: 2000 });
  });

  it('accepts every answer type', () => {
    const types = [
      { type: 'choice', options: [{ id: 'x', label: 'X' }] },
      { type: 'open', kinds: ['text'], maxDurationSeconds: 30 },
      { type: 'rating', scale: 10 },
      { type: 'nps' },
      { type: 'contact', fields: [{ name: 'email', label: 'E-mail', required: true }], consentText: 'OK?' },
      { type: 'cta', label: 'Go', url: 'https://example.com' },
      { type: 'end' },
    ];
    for (const answer of types) {
      expect(Step.safeParse({ id: 's', prompt: {}, answer }).success, answer.type).toBe(true);
    }
  });

  it('names the field at fault', () => {
    const result = FlowDefinition.safeParse({
      name: 'x',
      steps: [{ id: 'bad id!', prompt: {}, answer: { type: 'rating', scale: 42 } }],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('steps.0.id');
    expect(paths).toContain('steps.0.answer.scale');
  });

  it('rejects an unknown answer type and an empty flow', () => {
    expect(Step.safeParse({ id: 's', prompt: {}, answer: { type: 'poll' } }).success).toBe(false);
    expect(FlowDefinition.safeParse({ name: 'x', steps: [] }).success).toBe(false);
  });

  it('refuses links that could run script', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,hi', '//evil.example', '/\\evil.example', 'vbscript:x']) {
      expect(SafeUrl.safeParse(url).success, url).toBe(false);
    }
    for (const url of ['https://example.com/a', 'http://localhost:8787/x', '/demo/#pricing']) {
      expect(SafeUrl.safeParse(url).success, url).toBe(true);
    }
  });

  it('parses the demo flow exactly as before rules existed: no rules or variables are added', () => {
    const demo: unknown = JSON.parse(readFileSync(new URL('../../../../demo/flow.json', import.meta.url), 'utf8'));
    const parsed = FlowDefinition.parse(demo);
    expect(parsed).not.toHaveProperty('variables');
    for (const step of parsed.steps) expect(step).not.toHaveProperty('rules');
    // Parsing again gives the same object: what was published stays valid and unchanged.
    expect(FlowDefinition.parse(parsed)).toEqual(parsed);
  });
});
