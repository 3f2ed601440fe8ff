import { describe, expect, it } from 'vitest';
import { nextStep } from '../flow/next-step.js';
import { checkFlow } from '../flow/validate-flow.js';
import { FLOW_TEMPLATE_IDS, FLOW_TEMPLATES, flowTemplate } from './flow-templates.js';

describe('flow templates', () => {
  it('has one template per id, in the picker order, blank first', () => {
    expect(FLOW_TEMPLATES.map((t) => t.id)).toEqual([...FLOW_TEMPLATE_IDS]);
    expect(FLOW_TEMPLATES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(FLOW_TEMPLATES.map((t) => [t.id, t] as const))('%s passes checkFlow as it is, so it can be published unchanged', (_id, template) => {
    const check = checkFlow(template.definition);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(template.name).toBe(template.definition.name);
    expect(template.description.length).toBeGreaterThan(20);
  });

  it.each(FLOW_TEMPLATES.map((t) => [t.id, t] as const))('%s gives every step a title and no media yet', (_id, template) => {
    for (const step of template.definition.steps) {
      expect(step.prompt.title, `${template.id}/${step.id}`).toBeTruthy();
      expect(step.prompt.video, `${template.id}/${step.id}`).toBeUndefined();
    }
  });

  it('asks for what each template promises', () => {
    const types = (id: (typeof FLOW_TEMPLATE_IDS)[number]) => flowTemplate(id).definition.steps.map((s) => s.answer.type);
    // NPS, then a "why" that can be recorded, chosen by the score: detractors, passives and promoters each get theirs.
    const nps = flowTemplate('nps').definition;
    expect(types('nps')[0]).toBe('nps');
    const after = (value: number) => nextStep(nps, 'score', { kind: 'answer', answer: { kind: 'nps', value } });
    expect([0, 6, 7, 8, 9, 10].map((v) => after(v))).toEqual(['fix', 'fix', 'why', 'why', 'love', 'love'].map((next) => ({ ok: true, next })));
    for (const id of ['fix', 'why', 'love']) {
      expect(nps.steps.find((s) => s.id === id)!.answer).toMatchObject({ kinds: expect.arrayContaining(['video', 'audio']) });
    }
    // Branches: the first choice's options lead to different steps.
    const first = flowTemplate('feature-discovery').definition.steps[0]!.answer;
    expect(first.type === 'choice' && new Set(first.options.map((o) => o.next)).size).toBe(3);
    // A testimonial asks for explicit consent before anything is published.
    const permission = flowTemplate('testimonial').definition.steps.find((s) => s.answer.type === 'contact')!.answer;
    expect(permission.type === 'contact' && permission.consentText).toMatch(/I agree/);
    // An exit interview follows up on each reason.
    const reason = flowTemplate('churn-exit').definition.steps[0]!.answer;
    expect(reason.type === 'choice' && reason.options.length).toBeGreaterThanOrEqual(4);
  });
});
