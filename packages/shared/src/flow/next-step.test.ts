import { describe, expect, it } from 'vitest';
import { nextStep, startStepId } from './next-step.js';
import { branchingFlow } from '../test-support/flow-fixtures.js';

describe('nextStep', () => {
  it('starts at the first step', () => {
    expect(startStepId(branchingFlow)).toBe('start');
  });

  it('follows each choice to its branch', () => {
    expect(nextStep(branchingFlow, 'start', { kind: 'choice', optionId: 'a' })).toEqual({ ok: true, next: 'rate' });
    expect(nextStep(branchingFlow, 'start', { kind: 'choice', optionId: 'b' })).toEqual({ ok: true, next: 'contact' });
  });

  it('uses the default next step for other answers and ends on the end step', () => {
    expect(nextStep(branchingFlow, 'rate', { kind: 'answer', answer: { kind: 'rating', value: 4 } })).toEqual({ ok: true, next: 'end' });
    expect(nextStep(branchingFlow, 'cta', { kind: 'cta' })).toEqual({ ok: true, next: 'end' });
  });

  it('refuses inputs that do not fit the step', () => {
    const refused = [
      nextStep(branchingFlow, 'ghost', { kind: 'cta' }),
      nextStep(branchingFlow, 'start', { kind: 'choice', optionId: 'zzz' }),
      nextStep(branchingFlow, 'rate', { kind: 'choice', optionId: 'a' }),
      nextStep(branchingFlow, 'rate', { kind: 'answer', answer: { kind: 'rating', value: 6 } }),
      nextStep(branchingFlow, 'rate', { kind: 'answer', answer: { kind: 'text', text: 'hi' } }),
      nextStep(branchingFlow, 'start', { kind: 'cta' }),
      nextStep(branchingFlow, 'end', { kind: 'answer', answer: { kind: 'nps', value: 3 } }),
    ];
    for (const result of refused) expect(result.ok).toBe(false);
    expect(nextStep(branchingFlow, 'start', { kind: 'choice', optionId: 'zzz' })).toEqual({ ok: false, reason: 'step "start" has no option "zzz"' });
  });

  it('checks contact answers: required fields, e-mail shape, unasked fields, consent', () => {
    const contact = (fields: Record<string, string>, consent: boolean) =>
      nextStep(branchingFlow, 'contact', { kind: 'answer', answer: { kind: 'contact', fields, consent } });
    expect(contact({ email: 'ann@example.com' }, true)).toEqual({ ok: true, next: 'cta' });
    expect(contact({ name: 'Ann' }, true)).toMatchObject({ ok: false, reason: 'step "contact" needs "email"' });
    expect(contact({ email: 'not-an-email' }, true)).toMatchObject({ ok: false, reason: 'step "contact" needs a valid e-mail address' });
    expect(contact({ email: 'ann@example.com', phone: '123' }, true)).toMatchObject({ ok: false, reason: 'step "contact" does not ask for "phone"' });
    expect(contact({ email: 'ann@example.com' }, false)).toMatchObject({ ok: false, reason: "step \"contact\" needs the viewer's consent" });
  });
});
