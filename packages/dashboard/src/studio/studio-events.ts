// What the studio's elements ask for. They only ask (bubbling, composed events); <rb-studio-page> owns the flow and acts.
import type { FlowDefinition } from '@reelback/shared';

export interface StepRequest {
  /** The step's index in the flow. */
  index: number;
}

export interface StepMoveRequest extends StepRequest {
  /** −1: one place earlier; +1: one later. */
  by: number;
}

export interface FlowEditRequest {
  flow: FlowDefinition;
  /** The field the edit typed into, so a burst of typing is one undo step; null for a one-off change. */
  key: string | null;
}

export interface StudioEventMap {
  'rb-step-select-request': CustomEvent<StepRequest>;
  'rb-step-move-request': CustomEvent<StepMoveRequest>;
  'rb-step-delete-request': CustomEvent<StepRequest>;
  'rb-step-preview-request': CustomEvent<StepRequest>;
  'rb-flow-edit-request': CustomEvent<FlowEditRequest>;
}

export function request<K extends keyof StudioEventMap>(from: Element, type: K, detail: StudioEventMap[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap extends StudioEventMap {}
}
