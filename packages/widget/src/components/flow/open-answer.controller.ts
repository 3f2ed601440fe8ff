import type { ReactiveControllerHost } from 'lit';
import type { OpenAnswerKind } from '@reelback/shared';
import type { Translate } from '../../util/i18n/catalogue.js';
import type { MessageKey } from '../../util/i18n/en.js';
import type { AnswerFormController } from './answer-form.controller.js';
import type { FocusController } from './focus.controller.js';
import type { RecordedKind } from './recorder-contract.js';

/** Each way of answering's button, by its catalogue key. */
export const KIND_LABELS: Record<OpenAnswerKind, MessageKey> = { video: 'recordVideo', audio: 'recordAudio', text: 'typeAnswer' };

/**
 * An open step's way of answering: the viewer picks typing or recording (the recorder's chunk loads on demand),
 * a way this browser cannot offer drops out with a notice, and "back" returns to the choice. Reset for every
 * step shown; a recorder that finishes loading after the viewer moved on is not shown.
 */
export class OpenAnswerController {
  /** The way chosen (`recording` while the recorder loads); null while the viewer chooses. */
  mode: OpenAnswerKind | 'recording' | null = null;
  notice = '';
  textLength = 0;
  /** Ways this browser turned out not to offer, on this step. */
  unavailable: OpenAnswerKind[] = [];
  /** One more for every step shown: a recorder loaded for an earlier one is dropped. */
  private shown = 0;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly deps: { loadRecorder: () => Promise<unknown>; form: AnswerFormController; focus: FocusController; t: () => Translate },
  ) {}

  /** A way of answering's name, in the viewer's language (its button's label). */
  kindLabel(kind: OpenAnswerKind): string {
    return this.deps.t()(KIND_LABELS[kind]);
  }

  /** The viewer chose to record (the recorder is loading or on screen): the prompt video steps aside. */
  get recording(): boolean {
    return this.mode !== null && this.mode !== 'text';
  }

  /** A new step (or the same one shown again): nothing chosen yet. */
  reset(): void {
    this.shown++;
    this.mode = null;
    this.notice = '';
    this.textLength = 0;
    this.unavailable = [];
    this.host.requestUpdate();
  }

  choose(kind: OpenAnswerKind): void {
    this.notice = '';
    if (kind === 'text') {
      this.mode = 'text';
      this.deps.focus.after('textarea');
      return;
    }
    this.mode = 'recording';
    // The prompt must not play into the microphone.
    this.host.renderRoot.querySelector<HTMLElement & { pause?: () => void }>('reelback-prompt-video')?.pause?.();
    this.host.requestUpdate();
    void this.startRecorder(kind);
  }

  /** Back to the ways to answer. */
  back(): void {
    this.mode = null;
    this.notice = '';
    this.deps.form.clear();
    this.textLength = 0;
    this.deps.focus.after('[part~="kind"]');
  }

  /** The typed answer's length, for its count. */
  typed(length: number): void {
    this.textLength = length;
    this.host.requestUpdate();
  }

  /** These ways of answering cannot work here (no microphone: neither video nor audio): drop them and say why. */
  kindUnavailable(kinds: OpenAnswerKind[], message: string): void {
    this.unavailable = [...new Set([...this.unavailable, ...kinds])];
    const t = this.deps.t();
    this.notice = message || t('kindUnavailable', { kind: this.kindLabel(kinds[0] ?? 'video') });
    this.mode = null;
    this.deps.focus.after('[part~="kind"], textarea');
  }

  private async startRecorder(kind: RecordedKind): Promise<void> {
    const shown = this.shown;
    try {
      await this.deps.loadRecorder();
      if (!customElements.get('reelback-recorder')) throw new Error('no <reelback-recorder> element was defined');
    } catch (error) {
      console.warn('[reelback] could not load the recorder', error);
      if (shown === this.shown && this.mode === 'recording') this.kindUnavailable([kind], this.deps.t()('recorderUnavailable'));
      return;
    }
    if (shown !== this.shown || this.mode !== 'recording') return;
    this.mode = kind;
    this.host.requestUpdate();
    // Keyboard focus goes to the recorder's first control (the button that pressed "Record" is gone).
    await this.host.updateComplete;
    const recorder = this.host.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('reelback-recorder');
    await recorder?.updateComplete;
    recorder?.shadowRoot?.querySelector<HTMLElement>('button, select, [tabindex]')?.focus();
  }
}
