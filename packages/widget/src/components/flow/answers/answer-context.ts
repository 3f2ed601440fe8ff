import type { AnswerValue } from '@reelback/shared';
import type { Translate } from '../../../util/i18n/catalogue.js';
import type { AnswerFormController } from '../answer-form.controller.js';
import type { FlowRun } from '../flow-run.js';
import type { OpenAnswerController } from '../open-answer.controller.js';
import type { RequestUploadTicket } from '../recorder-contract.js';

/** What a step's answer controls need from the player around them: they render, the player acts. */
export interface AnswerContext {
  run: FlowRun;
  form: AnswerFormController;
  open: OpenAnswerController;
  /** The run moved to another step (a choice, a followed link): show it. */
  moved(): void;
  /** Renders the player again (a lazily loaded form arrived). */
  update(): void;
  /** Resolves once what `moved()` asked for is on screen (and focused). */
  shown(): Promise<unknown>;
  /** Sends an answer and moves on, or says it could not be sent. */
  answer(value: AnswerValue): void;
  /** The API base, for the recorder's uploads. */
  endpoint: string;
  /** The player's own ticket call, or undefined: the recorder then uses the one in its chunk. */
  requestUploadTicket: RequestUploadTicket | undefined;
  /** The viewer's language. */
  t: Translate;
}
