import { describe, expect, it } from 'vitest';
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
    // NPS, then a "why" that can be recorded.
    expect(types('nps').slice(0, 2)).toEqual(['nps', 'open']);
    expect(flowTemplate('nps').definition.steps[1]!.answer).toMatchObject({ kinds: expect.arrayContaining(['video', 'audio']) });
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
