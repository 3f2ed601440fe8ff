// A stand-in for <reelback-recorder> in component tests: it records nothing, keeps what the player gave it,
// and lets a test dispatch the recorder's events. Define it before the player loads the real one.
import type { RecordedKind, RecorderElement } from '../components/flow/recorder-contract.js';

export class FakeRecorder extends HTMLElement implements RecorderElement {
  declare kind: RecordedKind;
  declare maxDurationSeconds: number;
  declare endpoint: string;
  declare sessionId: string;
  declare stepId: string;
  declare requestTicket: RecorderElement['requestTicket'];

  constructor() {
    super();
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Start recording';
    this.attachShadow({ mode: 'open' }).append(button);
  }

  submit(clipId: string, durationSeconds = 4.2): void {
    this.fire('reelback-recorder-submit', { clipId, kind: this.kind, durationSeconds });
  }

  /** `kinds`: the recorded kinds the real recorder would say cannot work here (default: its own). */
  unavailable(message: string, kinds?: RecordedKind[]): void {
    this.fire('reelback-recorder-unavailable', { kind: this.kind, message, ...(kinds && { kinds }) });
  }

  cancel(): void {
    this.fire('reelback-recorder-cancel', {});
  }

  private fire(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

export function defineFakeRecorder(): void {
  if (!customElements.get('reelback-recorder')) customElements.define('reelback-recorder', FakeRecorder);
}
