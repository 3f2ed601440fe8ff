import { html, LitElement, nothing } from 'lit';
import { TEXT_OPS, type Condition, type ConditionKind, type FlowDefinition, type FlowProblem, type Rule, type Step } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { checkbox, type FieldContext, selectField, setOptional, textField } from './form-fields.js';
import { panelStyles } from './panel.styles.js';
import { CONDITION_KINDS, addRule, changeConditionKind, moveRule, removeRule, replaceRule } from './rule-edits.js';
import { conditionText, scoreRange, TEXT_OP_WORDS } from './rule-words.js';
import { request } from './studio-events.js';

const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const;
const OP_OPTIONS = TEXT_OPS.map((op) => ({ value: op, label: TEXT_OP_WORDS[op] }));

/** An optional whole number: empty means "not set". */
function optionalNumber(ctx: FieldContext, key: string, label: string, value: number | undefined, range: [number, number], onValue: (v: number | undefined) => void) {
  const id = `${ctx.idPrefix}-${key}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="number"
      min=${range[0]}
      max=${range[1]}
      .value=${value === undefined ? '' : String(value)}
      ?readonly=${ctx.readonly}
      @input=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        if (input.value === '') onValue(undefined);
        else if (Number.isFinite(input.valueAsNumber)) onValue(input.valueAsNumber);
      }}
    />
  </div>`;
}

/**
 * A step's rules, tried in order before its branches (the first whose condition holds decides): each rule's kind of
 * condition, every field of that kind, and the step it goes to (a select), with buttons to move it earlier or later
 * and remove it — keyboard only, no drag. Each rule's problems from `checkFlow` are pinned under it. Asks with
 * `rb-flow-edit-request`; read-only for managers.
 *
 * @tag rb-rule-editor
 */
export class RbRuleEditor extends LitElement {
  static override styles = [sharedStyles, panelStyles];

  static override properties = {
    flow: { attribute: false },
    index: { type: Number },
    problems: { attribute: false },
    readonly: { type: Boolean },
  };

  declare flow: FlowDefinition | null;
  declare index: number;
  declare problems: FlowProblem[];
  declare readonly: boolean;

  constructor() {
    super();
    this.flow = null;
    this.index = 0;
    this.problems = [];
    this.readonly = false;
  }

  private edit(flow: FlowDefinition, key: string | null): void {
    if (this.readonly || flow === this.flow) return;
    request(this, 'rb-flow-edit-request', { flow, key: key === null ? null : `steps.${this.index}.rules.${key}` });
  }

  private setWhen(j: number, rule: Rule, when: Condition, key: string | null): void {
    this.edit(replaceRule(this.flow!, this.index, j, { ...rule, when }), key === null ? null : `${j}.${key}`);
  }

  /** The steps a condition about an answer may test: this one or an earlier one. */
  private renderTestedStep(ctx: FieldContext, j: number, rule: Rule, when: Extract<Condition, { step?: string }>) {
    const flow = this.flow!;
    const earlier = flow.steps.slice(0, this.index).map((s, i) => ({ value: s.id, label: `${i + 1}. ${s.prompt.title || s.id}` }));
    const unknown = when.step && !earlier.some((o) => o.value === when.step) ? [{ value: when.step, label: `${when.step} (not an earlier step)` }] : [];
    return selectField(ctx, `rule-${j}-step`, 'About the answer at', when.step ?? '', [{ value: '', label: 'this step' }, ...unknown, ...earlier], (v) =>
      this.setWhen(j, rule, setOptional(when, 'step', v || undefined), null),
    );
  }

  private renderTextTest(ctx: FieldContext, j: number, rule: Rule, when: Extract<Condition, { kind: 'contact' | 'variable' }>) {
    const needsValue = when.op !== 'empty' && when.op !== 'filled';
    return html`${selectField(ctx, `rule-${j}-op`, 'Test', when.op, OP_OPTIONS, (op) =>
      this.setWhen(j, rule, op === 'empty' || op === 'filled' ? setOptional({ ...when, op }, 'value', undefined) : { ...when, op, value: when.value ?? '' }, null),
    )}
    ${needsValue ? textField(ctx, `rule-${j}-value`, 'Value', when.value, (v) => this.setWhen(j, rule, { ...when, value: v }, 'value')) : nothing}`;
  }

  private renderCondition(ctx: FieldContext, j: number, rule: Rule) {
    const flow = this.flow!;
    const when = rule.when;
    const tested = (step: string | undefined): Step | undefined => (step ? flow.steps.find((s) => s.id === step) : flow.steps[this.index]);
    switch (when.kind) {
      case 'score': {
        const range = scoreRange(tested(when.step));
        return html`${this.renderTestedStep(ctx, j, rule, when)}
          <div class="inline">
            ${optionalNumber(ctx, `rule-${j}-min`, 'Lowest score', when.min, range, (v) => this.setWhen(j, rule, setOptional(when, 'min', v), 'min'))}
            ${optionalNumber(ctx, `rule-${j}-max`, 'Highest score', when.max, range, (v) => this.setWhen(j, rule, setOptional(when, 'max', v), 'max'))}
          </div>`;
      }
      case 'text':
        return html`${this.renderTestedStep(ctx, j, rule, when)}
        ${selectField(ctx, `rule-${j}-op`, 'Answer', when.op, [{ value: 'filled', label: 'typed' }, { value: 'empty', label: 'not typed (recorded, or blank)' }], (op) =>
          this.setWhen(j, rule, { ...when, op }, null),
        )}`;
      case 'contact':
        return html`${this.renderTestedStep(ctx, j, rule, when)}
        ${selectField(ctx, `rule-${j}-field`, 'Field', when.field, CONTACT_FIELDS.map((f) => ({ value: f, label: f })), (field) => this.setWhen(j, rule, { ...when, field }, null))}
        ${this.renderTextTest(ctx, j, rule, when)}`;
      case 'choice': {
        const step = tested(when.step);
        const options = step?.answer.type === 'choice' ? step.answer.options : [];
        const stray = when.options.filter((id) => !options.some((o) => o.id === id)).map((id) => ({ id, label: `${id} (no such option)` }));
        return html`${this.renderTestedStep(ctx, j, rule, when)}
          <fieldset>
            <legend>Any of these options</legend>
            ${[...options, ...stray].map((o) =>
              checkbox({ ...ctx, idPrefix: `${ctx.idPrefix}-rule-${j}` }, `option-${o.id}`, o.label, when.options.includes(o.id), (on) => {
                const chosen = on ? [...when.options, o.id] : when.options.filter((id) => id !== o.id);
                if (chosen.length) this.setWhen(j, rule, { ...when, options: chosen }, null);
              }),
            )}
          </fieldset>`;
      }
      case 'variable': {
        const names = (flow.variables ?? []).map((v) => ({ value: v.name, label: v.name }));
        const unknown = names.some((n) => n.value === when.name) ? [] : [{ value: when.name, label: `${when.name} (not declared)` }];
        return html`${selectField(ctx, `rule-${j}-name`, 'Variable', when.name, [...unknown, ...names], (name) => this.setWhen(j, rule, { ...when, name }, null))}
        ${this.renderTextTest(ctx, j, rule, when)}`;
      }
    }
  }

  private renderRule(ctx: FieldContext, rule: Rule, j: number, count: number) {
    const flow = this.flow!;
    const words = conditionText(rule.when, flow, this.index);
    const pinned = this.problems.filter((p) => p.path[0] === 'steps' && p.path[1] === this.index && p.path[2] === 'rules' && p.path[3] === j);
    const steps = flow.steps.map((s, i) => ({ value: s.id, label: `${i + 1}. ${s.prompt.title || s.id} (${s.id})` }));
    const unknown = steps.some((s) => s.value === rule.next) ? [] : [{ value: rule.next, label: `${rule.next} (no such step)` }];
    const act = (label: string, hidden: string, onClick: () => void, disabled = false) =>
      html`<button class="button quiet" type="button" ?disabled=${disabled} @click=${onClick}>${label}<span class="visually-hidden"> ${hidden}</span></button>`;
    return html`<li class="row rule" data-rule=${j}>
      <h3 class="rule-title">Rule ${j + 1}: if ${words}</h3>
      ${pinned.length
        ? html`<ul class="problems" aria-label="Problems of rule ${j + 1}">
            ${pinned.map((p) => html`<li>${p.message}</li>`)}
          </ul>`
        : nothing}
      ${selectField<ConditionKind>(ctx, `rule-${j}-kind`, 'When', rule.when.kind, CONDITION_KINDS.map((k) => ({ value: k.kind, label: k.label })), (kind) =>
        this.edit(changeConditionKind(flow, this.index, j, kind), null),
      )}
      ${this.renderCondition(ctx, j, rule)}
      ${selectField(ctx, `rule-${j}-next`, 'Go to', rule.next, [...unknown, ...steps], (next) => this.edit(replaceRule(flow, this.index, j, { ...rule, next }), null))}
      ${this.readonly
        ? nothing
        : html`<div class="rule-actions">
            ${act('↑', `Move rule ${j + 1} earlier`, () => this.edit(moveRule(flow, this.index, j, -1), null), j === 0)}
            ${act('↓', `Move rule ${j + 1} later`, () => this.edit(moveRule(flow, this.index, j, 1), null), j === count - 1)}
            ${act('Remove', `rule ${j + 1}`, () => this.edit(removeRule(flow, this.index, j), null))}
          </div>`}
    </li>`;
  }

  override render() {
    const step = this.flow?.steps[this.index];
    if (!step || step.answer.type === 'end') return nothing;
    const rules = step.rules ?? [];
    const ctx: FieldContext = { readonly: this.readonly, idPrefix: `s${this.index}` };
    return html`<fieldset>
      <legend>Rules</legend>
      <p class="hint muted">Tried in order before the branches; the first that holds decides where the viewer goes.</p>
      ${rules.length
        ? html`<ol class="rows" aria-label="Rules">
            ${rules.map((rule, j) => this.renderRule(ctx, rule, j, rules.length))}
          </ol>`
        : html`<p class="muted">No rules.</p>`}
      ${this.readonly || rules.length >= 20 ? nothing : html`<button class="button quiet" type="button" @click=${() => this.edit(addRule(this.flow!, this.index), null)}>Add rule</button>`}
    </fieldset>`;
  }
}

export function defineRbRuleEditor(tagName = 'rb-rule-editor'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbRuleEditor);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-rule-editor': RbRuleEditor;
  }
}
