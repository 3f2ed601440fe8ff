// Small labelled controls the step panel and the answer settings are made of. Each reports the new value; the caller
// turns it into an edit of the flow. `key` names the field, so a burst of typing in it is one undo step.
import { html, nothing } from 'lit';

export interface FieldContext {
  readonly: boolean;
  /** Makes ids unique within the panel (a step's fields are re-rendered for another step). */
  idPrefix: string;
}

export function textField(
  ctx: FieldContext,
  key: string,
  label: string,
  value: string | undefined,
  onValue: (value: string) => void,
  opts: { multiline?: boolean; hint?: string; type?: 'text' | 'url' } = {},
) {
  const id = `${ctx.idPrefix}-${key}`;
  const input = (e: Event) => onValue((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${opts.multiline
      ? html`<textarea id=${id} rows="3" .value=${value ?? ''} ?readonly=${ctx.readonly} @input=${input}></textarea>`
      : html`<input id=${id} type=${opts.type ?? 'text'} .value=${value ?? ''} ?readonly=${ctx.readonly} @input=${input} />`}
    ${opts.hint ? html`<span class="hint muted">${opts.hint}</span>` : nothing}
  </div>`;
}

export function numberField(ctx: FieldContext, key: string, label: string, value: number, range: [number, number], onValue: (value: number) => void) {
  const id = `${ctx.idPrefix}-${key}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="number"
      min=${range[0]}
      max=${range[1]}
      .value=${String(value)}
      ?readonly=${ctx.readonly}
      @input=${(e: Event) => {
        const n = (e.target as HTMLInputElement).valueAsNumber;
        if (Number.isFinite(n)) onValue(n);
      }}
    />
  </div>`;
}

export function checkbox(ctx: FieldContext, key: string, label: string, checked: boolean, onValue: (checked: boolean) => void) {
  const id = `${ctx.idPrefix}-${key}`;
  return html`<div class="check">
    <input id=${id} type="checkbox" .checked=${checked} ?disabled=${ctx.readonly} @change=${(e: Event) => onValue((e.target as HTMLInputElement).checked)} />
    <label for=${id}>${label}</label>
  </div>`;
}

export function selectField<T extends string>(
  ctx: FieldContext,
  key: string,
  label: string,
  value: T,
  options: { value: T; label: string }[],
  onValue: (value: T) => void,
) {
  const id = `${ctx.idPrefix}-${key}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} ?disabled=${ctx.readonly} @change=${(e: Event) => onValue((e.target as HTMLSelectElement).value as T)}>
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
    </select>
  </div>`;
}

/** `obj` with `key` set to `value`, or without `key` when `value` is empty: optional fields stay absent, not "". */
export function setOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | '' | undefined): T {
  const { [key]: _dropped, ...rest } = obj;
  return (value === '' || value === undefined ? rest : { ...rest, [key]: value }) as T;
}
