import { html, LitElement, nothing } from 'lit';
import type { AnswerType, CaptionTrack, FlowDefinition, FlowProblem, MediaAssetInfo, Prompt, Step } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { panelStyles } from './panel.styles.js';
import { answerSettings } from './answer-settings.js';
import { ANSWER_TYPES, changeAnswerType, connect, connectOption, replaceStep } from './flow-edits.js';
import { type FieldContext, selectField, setOptional, textField } from './form-fields.js';
import { problemsOfStep } from './flow-map.component.js';
import { tell } from './media-library/media-events.js';
import { promptMediaFields, promptMediaStyles } from './media-library/prompt-media-fields.js';
import { removePromptMedia, setImageAlt } from './media-library/prompt-media-edits.js';
import type { StudioProblem } from './problems-list.js';
import { defineRbRuleEditor } from './rule-editor.component.js';
import { request } from './studio-events.js';

defineRbRuleEditor();

export const pathText = (path: FlowProblem['path']): string =>
  path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');

/**
 * The selected step's editor: its prompt (title, text, its media from the library — *Choose media…* asks for the
 * library dialog — or, folded away, the URLs of a video the owner hosts), answer type and every setting of
 * it, and its branches (the default next step and, for a choice, where each option goes: a select, so connecting
 * never needs a drag), then its rules (`<rb-rule-editor>`). Every change is asked for as `rb-flow-edit-request` with the whole new flow; the page acts.
 * Read-only for managers.
 *
 * @tag rb-step-panel
 */
export class RbStepPanel extends LitElement {
  static override styles = [sharedStyles, panelStyles, promptMediaStyles];

  static override properties = {
    flow: { attribute: false },
    index: { type: Number },
    problems: { attribute: false },
    assets: { attribute: false },
    readonly: { type: Boolean },
  };

  declare flow: FlowDefinition | null;
  declare index: number;
  declare problems: StudioProblem[];
  /** The library assets the studio has read (the chosen one's picture, name and state). */
  declare assets: ReadonlyMap<string, MediaAssetInfo>;
  declare readonly: boolean;

  constructor() {
    super();
    this.flow = null;
    this.index = 0;
    this.problems = [];
    this.assets = new Map();
    this.readonly = false;
  }

  private get step(): Step | undefined {
    return this.flow?.steps[this.index];
  }

  private edit(flow: FlowDefinition, key: string | null): void {
    if (this.readonly || flow === this.flow) return;
    request(this, 'rb-flow-edit-request', { flow, key: key === null ? null : `steps.${this.index}.${key}` });
  }

  private setStep(step: Step, key: string | null): void {
    this.edit(replaceStep(this.flow!, this.index, step), key);
  }

  private setPrompt(prompt: Prompt, key: string): void {
    this.setStep({ ...this.step!, prompt }, key);
  }

  private setVideo(video: Partial<NonNullable<Prompt['video']>>, key: string): void {
    const prompt = this.step!.prompt;
    const next = { src: '', captions: [], ...prompt.video, ...video };
    const empty = !next.src && !next.poster && next.captions.length === 0;
    this.setPrompt(setOptional(prompt, 'video', empty ? undefined : (setOptional(next, 'poster', next.poster) as NonNullable<Prompt['video']>)), key);
  }

  private renderPrompt(ctx: FieldContext, step: Step) {
    const prompt = step.prompt;
    const assetId = prompt.media?.assetId;
    const asset = assetId === undefined ? undefined : this.assets.get(assetId);
    return html`<fieldset>
      <legend>Prompt</legend>
      ${textField(ctx, 'title', 'Title', prompt.title, (v) => this.setPrompt(setOptional(prompt, 'title', v), 'title'))}
      ${textField(ctx, 'text', 'Text', prompt.text, (v) => this.setPrompt(setOptional(prompt, 'text', v), 'text'), { multiline: true })}
      ${promptMediaFields(ctx, {
        prompt,
        asset,
        gone: assetId !== undefined && !asset && this.problems.some((p) => p.code === 'prompt-media' && p.path[1] === this.index),
        choose: () => tell(this, 'rb-media-library-request', { purpose: 'prompt', index: this.index }),
        remove: () => this.edit(removePromptMedia(this.flow!, this.index), null),
        describe: (alt) => asset && this.edit(setImageAlt(this.flow!, this.index, asset, alt), 'image-alt'),
        hosted: this.renderHostedMedia(ctx, prompt),
      })}
    </fieldset>`;
  }

  /** The URL fields of a video the owner hosts elsewhere (no library media). */
  private renderHostedMedia(ctx: FieldContext, prompt: Prompt) {
    const captions = prompt.video?.captions ?? [];
    const setCaption = (j: number, track: CaptionTrack | null, key: string) =>
      this.setVideo({ captions: track ? captions.map((c, k) => (k === j ? track : c)) : captions.filter((_, k) => k !== j) }, key);
    return html`
      ${textField(ctx, 'video', 'Video URL', prompt.video?.src, (v) => this.setVideo({ src: v }, 'video'), { type: 'url', hint: 'An http(s) URL or a path starting with /' })}
      ${textField(ctx, 'poster', 'Poster image URL', prompt.video?.poster, (v) => this.setVideo({ poster: v }, 'poster'), { type: 'url' })}
      <ol class="rows" aria-label="Captions">
        ${captions.map(
          (track, j) => html`<li class="row">
            ${textField(ctx, `caption-${j}-src`, `Captions ${j + 1} (WebVTT URL)`, track.src, (v) => setCaption(j, { ...track, src: v }, `caption-${j}-src`), { type: 'url' })}
            ${textField(ctx, `caption-${j}-lang`, `Captions ${j + 1} language`, track.srclang, (v) => setCaption(j, { ...track, srclang: v }, `caption-${j}-lang`))}
            ${textField(ctx, `caption-${j}-label`, `Captions ${j + 1} label`, track.label, (v) => setCaption(j, { ...track, label: v }, `caption-${j}-label`))}
            ${this.readonly
              ? nothing
              : html`<button class="button quiet" type="button" @click=${() => setCaption(j, null, 'captions')}>
                  Remove<span class="visually-hidden"> captions ${j + 1}</span>
                </button>`}
          </li>`,
        )}
      </ol>
      ${this.readonly || captions.length >= 10
        ? nothing
        : html`<button
            class="button quiet"
            type="button"
            @click=${() => this.setVideo({ captions: [...captions, { src: '', srclang: 'en', label: 'English' }] }, 'captions')}
          >
            Add captions
          </button>`}
    `;
  }

  private renderBranches(ctx: FieldContext, step: Step) {
    if (step.answer.type === 'end') return nothing;
    const flow = this.flow!;
    const steps = flow.steps.map((s, i) => ({ value: s.id, label: `${i + 1}. ${s.prompt.title || s.id} (${s.id})` }));
    const known = (id: string | undefined) => id === undefined || flow.steps.some((s) => s.id === id);
    const unknown = (id: string | undefined) => (known(id) ? [] : [{ value: id!, label: `${id} (no such step)` }]);
    return html`<fieldset>
      <legend>Branches</legend>
      ${selectField(ctx, 'next', 'Next step', step.next ?? '', [{ value: '', label: '(none)' }, ...unknown(step.next), ...steps], (v) =>
        this.edit(connect(flow, this.index, v || undefined), null),
      )}
      ${step.answer.type === 'choice'
        ? step.answer.options.map((option, j) =>
            selectField(
              ctx,
              `option-${j}-next`,
              `“${option.label}” goes to`,
              option.next ?? '',
              [{ value: '', label: 'the next step above' }, ...unknown(option.next), ...steps],
              (v) => this.edit(connectOption(flow, this.index, j, v || undefined), null),
            ),
          )
        : nothing}
    </fieldset>`;
  }

  override render() {
    const step = this.step;
    if (!step) return html`<p>Select a step on the map to edit it.</p>`;
    const ctx: FieldContext = { readonly: this.readonly, idPrefix: `s${this.index}` };
    const pinned = problemsOfStep(this.problems, this.index);
    return html`<section aria-labelledby="panel-title">
      <h2 id="panel-title">Step ${this.index + 1}: ${step.prompt.title || step.id}</h2>
      ${pinned.length
        ? html`<ul class="problems" aria-label="Problems of this step">
            ${pinned.map((p) => html`<li>${p.message} <code>${pathText(p.path)}</code></li>`)}
          </ul>`
        : nothing}
      ${textField(ctx, 'id', 'Step id', step.id, (v) => this.setStep({ ...step, id: v }, 'id'), {
        hint: 'Letters, digits, - and _; appears in events and exports.',
      })}
      ${this.renderPrompt(ctx, step)}
      <fieldset>
        <legend>Answer</legend>
        ${selectField<AnswerType>(ctx, 'type', 'Answer type', step.answer.type, ANSWER_TYPES.map((t) => ({ value: t.type, label: t.label })), (v) =>
          this.edit(changeAnswerType(this.flow!, this.index, v), null),
        )}
        ${answerSettings(ctx, step.answer, (answer, key) => this.setStep({ ...step, answer }, key === null ? null : `answer.${key}`))}
      </fieldset>
      ${this.renderBranches(ctx, step)}
      <rb-rule-editor .flow=${this.flow} .index=${this.index} .problems=${this.problems} ?readonly=${this.readonly}></rb-rule-editor>
    </section>`;
  }
}

export function defineRbStepPanel(tagName = 'rb-step-panel'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbStepPanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-step-panel': RbStepPanel;
  }
}
