import { html, LitElement, nothing } from 'lit';
import type { FlowDefinition, FlowProblem, Variable } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { type FieldContext, numberField, setOptional, textField } from './form-fields.js';
import { panelStyles } from './panel.styles.js';
import { addVariable, removeVariable, replaceVariable } from './rule-edits.js';
import { request } from './studio-events.js';

/**
 * The flow's variables (`variables: [{ name, fallback, maxLength }]`): values a host page passes with `data-var-*`
 * or the element's `vars`, used by rules and `{{name}}` in prompts. Problems about them (`duplicate-variable`, a bad
 * name) are pinned under each. Asks with `rb-flow-edit-request`; read-only for managers.
 *
 * @tag rb-variables-panel
 */
export class RbVariablesPanel extends LitElement {
  static override styles = [sharedStyles, panelStyles];

  static override properties = {
    flow: { attribute: false },
    problems: { attribute: false },
    readonly: { type: Boolean },
  };

  declare flow: FlowDefinition | null;
  declare problems: FlowProblem[];
  declare readonly: boolean;

  constructor() {
    super();
    this.flow = null;
    this.problems = [];
    this.readonly = false;
  }

  private edit(flow: FlowDefinition, key: string | null): void {
    if (this.readonly || flow === this.flow) return;
    request(this, 'rb-flow-edit-request', { flow, key: key === null ? null : `variables.${key}` });
  }

  private renderVariable(ctx: FieldContext, variable: Variable, j: number) {
    const flow = this.flow!;
    const set = (value: Variable, key: string) => this.edit(replaceVariable(flow, j, value), `${j}.${key}`);
    const pinned = this.problems.filter((p) => p.path[0] === 'variables' && p.path[1] === j);
    return html`<li class="row">
      ${pinned.length
        ? html`<ul class="problems" aria-label="Problems of variable ${j + 1}">
            ${pinned.map((p) => html`<li>${p.message}</li>`)}
          </ul>`
        : nothing}
      ${textField(ctx, `var-${j}-name`, `Variable ${j + 1} name`, variable.name, (v) => set({ ...variable, name: v }, 'name'), {
        hint: `Passed as data-var-${variable.name || 'name'}; {{${variable.name || 'name'}}} in a prompt.`,
      })}
      ${textField(ctx, `var-${j}-fallback`, `Variable ${j + 1} fallback`, variable.fallback, (v) => set(setOptional(variable, 'fallback', v), 'fallback'), {
        hint: 'Used when the page passes no value.',
      })}
      ${numberField(ctx, `var-${j}-max`, `Variable ${j + 1} longest value`, variable.maxLength, [1, 500], (v) => set({ ...variable, maxLength: v }, 'maxLength'))}
      ${this.readonly
        ? nothing
        : html`<button class="button quiet" type="button" @click=${() => this.edit(removeVariable(flow, j), null)}>
            Remove<span class="visually-hidden"> variable ${variable.name || j + 1}</span>
          </button>`}
    </li>`;
  }

  override render() {
    const variables = this.flow?.variables ?? [];
    const ctx: FieldContext = { readonly: this.readonly, idPrefix: 'flow' };
    return html`<fieldset>
      <legend>Variables</legend>
      ${variables.length
        ? html`<ol class="rows" aria-label="Variables">
            ${variables.map((v, j) => this.renderVariable(ctx, v, j))}
          </ol>`
        : html`<p class="muted">None. A host page can pass values (a plan, a name) for rules and prompts.</p>`}
      ${this.readonly || variables.length >= 20 ? nothing : html`<button class="button quiet" type="button" @click=${() => this.edit(addVariable(this.flow!), null)}>Add variable</button>`}
    </fieldset>`;
  }
}

export function defineRbVariablesPanel(tagName = 'rb-variables-panel'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbVariablesPanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-variables-panel': RbVariablesPanel;
  }
}
