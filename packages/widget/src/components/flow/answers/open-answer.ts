import { html, nothing, type TemplateResult } from 'lit';
import type { AnswerSpec, Step } from '@reelback/shared';
import type { RecordedKind, RecorderEventMap, RequestUploadTicket } from '../recorder-contract.js';
import type { AnswerContext } from './answer-context.js';

type OpenSpec = Extract<AnswerSpec, { type: 'open' }>;

function renderText(spec: OpenSpec, ctx: AnswerContext, notice: unknown, back: unknown): TemplateResult {
  const { form, open, t } = ctx;
  const max = spec.maxTextLength;
  const over = open.textLength > max;
  return html`${notice}
    <form
      class="answer"
      part="form"
      novalidate
      @submit=${(event: Event) => form.submit(event, (el) => ({ kind: 'text', text: (el.elements.namedItem('text') as HTMLTextAreaElement).value.trim() }))}
    >
      <div class="field" part="field">
        <label part="label" for="text">${t('yourAnswer')}</label>
        <textarea
          part="input"
          id="text"
          name="text"
          rows="4"
          required
          data-max=${max}
          aria-invalid=${form.hasError('text') || over ? 'true' : nothing}
          aria-describedby=${form.describedBy('text', 'count') ?? nothing}
          @input=${(event: Event) => {
            open.typed((event.target as HTMLTextAreaElement).value.length);
            form.edited(event);
          }}
        ></textarea>
        <p class="count ${over ? 'over' : ''}" part="count" id="count">
          ${t('count', { used: open.textLength, n: max })}${over ? ` ${t('tooMany', { n: open.textLength - max })}` : ''}
        </p>
        ${form.error('text')}
      </div>
      ${form.submitButton()} ${back}
    </form>`;
}

/** The recorder of a video or audio answer; it asks, the player acts (answer, drop the way, go back). */
function renderRecorder(step: Step, spec: OpenSpec, mode: RecordedKind, ctx: AnswerContext): TemplateResult {
  const { endpoint, open } = ctx;
  const sessionId = ctx.run.state.sessionId;
  const on = <K extends keyof RecorderEventMap>(handle: (detail: RecorderEventMap[K]['detail']) => void) => (event: Event) =>
    handle((event as RecorderEventMap[K]).detail);
  return html`<reelback-recorder
    part="recorder"
    .kind=${mode}
    .maxDurationSeconds=${spec.maxDurationSeconds}
    .endpoint=${endpoint}
    .sessionId=${sessionId}
    .stepId=${step.id}
    .requestTicket=${ctx.requestUploadTicket && ((request: Parameters<RequestUploadTicket>[2]) => ctx.requestUploadTicket!(endpoint, sessionId, request))}
    @reelback-recorder-submit=${on<'reelback-recorder-submit'>(({ clipId, kind, durationSeconds }) => ctx.answer({ kind: kind ?? mode, clipId, durationSeconds }))}
    @reelback-recorder-unavailable=${on<'reelback-recorder-unavailable'>(({ kind, message, kinds }) => open.kindUnavailable(kinds ?? [kind ?? mode], message))}
    @reelback-recorder-cancel=${() => open.back()}
  ></reelback-recorder>`;
}

/** An open step: the ways it may be answered, then a textarea or the recorder. */
export function renderOpen(step: Step, spec: OpenSpec, ctx: AnswerContext): TemplateResult {
  const { open, t } = ctx;
  const kinds = spec.kinds.filter((kind) => !open.unavailable.includes(kind));
  // With only one way to answer, go straight to it (recording still waits for a press: it asks for the camera).
  const mode = open.mode ?? (kinds.length === 1 && kinds[0] === 'text' ? 'text' : null);
  const notice = open.notice ? html`<p class="notice" part="notice" role="alert">${open.notice}</p>` : nothing;
  const back =
    kinds.length > 1 ? html`<button class="button choice" part="back" type="button" @click=${() => open.back()}>${t('otherWay')}</button>` : nothing;
  if (!kinds.length) {
    return html`${notice}
      <p class="notice" part="notice">${t('noWay')}</p>`;
  }
  switch (mode) {
    case null:
      return html`${notice}
        <ul class="choices" part="kinds">
          ${kinds.map(
            (kind) => html`<li>
              <button class="button choice" part="kind" type="button" @click=${() => open.choose(kind)}>${open.kindLabel(kind)}</button>
            </li>`,
          )}
        </ul>`;
    case 'text':
      return renderText(spec, ctx, notice, back);
    case 'recording':
      return html`<p class="status" part="status" role="status">${t('starting')}</p>`;
    default:
      return renderRecorder(step, spec, mode, ctx);
  }
}
