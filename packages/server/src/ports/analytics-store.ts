/**
 * The analytics port: counts over one flow's stored viewer events, aggregated by the database. Times are epoch
 * milliseconds. A session belongs to a query when it was created in [fromMs, toMs) (by the server's clock) and
 * matches every given segment; each count is of distinct sessions.
 */
export interface AnalyticsFilter {
  flowId: string;
  /** One published version; every version when absent. */
  version?: number;
  fromMs: number;
  toMs: number;
  device?: string;
  /** Lower-cased host name. */
  referrerHost?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  embedMode?: string;
  /**
   * Session variables (`sessions.vars`, kept as the flow declares them) that must have exactly these values. Read
   * from the sessions at query time: nothing about them is kept on the ingest path.
   */
  vars?: Readonly<Record<string, string>>;
  /** The language the viewer was shown: `de` takes `de` and its regions (`de-at`); `pt-br` only itself. Lower case. */
  locale?: string;
}

export interface SummaryCounts {
  /** Sessions created. */
  impressions: number;
  /** Sessions with `session.started`. */
  starts: number;
  /** Sessions with `session.completed`. */
  completions: number;
  /** Per step: sessions whose last viewed step it is and that did not complete. */
  dropped: Map<string, number>;
}

export interface StepCounts {
  stepId: string;
  reached: number;
  answered: number;
  video25: number;
  video50: number;
  video75: number;
  video100: number;
}

/** Sessions whose last response of `kind` on the step had this detail (option id / answer kind) and value. */
export interface ResponseCount {
  stepId: string;
  kind: 'choice' | 'answer';
  /** The chosen option's id, or the answer's kind. */
  detail: string;
  /** The rating or NPS value; null for other answers and choices. */
  value: number | null;
  count: number;
}

/** Sessions started and sessions completed in one slot of `slotMs` starting at `startMs`. */
export interface SlotCounts {
  startMs: number;
  starts: number;
  completions: number;
}

/** The sessions of a query that passed one value of a variable (null: passed none). */
export interface VariableValueRow {
  value: string | null;
  sessions: number;
  starts: number;
  completions: number;
}

/** The `limit` most frequent values of a variable, and the totals over every value (null included). */
export interface VariableValueCounts {
  top: VariableValueRow[];
  /** Every session of the query, whatever its value. */
  total: Omit<VariableValueRow, 'value'>;
  /** How many distinct non-null values there are. */
  distinctValues: number;
}

export interface AnalyticsStore {
  summary(filter: AnalyticsFilter): Promise<SummaryCounts>;
  steps(filter: AnalyticsFilter): Promise<StepCounts[]>;
  /** Median time on step in ms per step (steps no session left are absent). */
  medianTimeOnStep(filter: AnalyticsFilter): Promise<Map<string, number>>;
  responses(filter: AnalyticsFilter): Promise<ResponseCount[]>;
  /**
   * Starts (sessions created in the range that started) and completions (sessions of the flow and segments
   * completed in the range, whenever created), counted per UTC slot of `slotMs` (a divisor of an hour, so slots
   * can be gathered into local hours and days of any time zone whose offsets are multiples of it). Empty slots
   * are absent.
   */
  slots(filter: AnalyticsFilter, slotMs: number): Promise<SlotCounts[]>;
  /**
   * Sessions, starts and completions per value of the session variable `name`, the `limit` most frequent values
   * (ties by value; the sessions without one as a null value, which takes a place like any value).
   */
  variableValues(filter: AnalyticsFilter, name: string, limit: number): Promise<VariableValueCounts>;
}
