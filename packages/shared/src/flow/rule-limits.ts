// Plain constants, no zod: the widget bundles them.

/** The longest value a variable may declare (and the server accepts at all). */
export const MAX_VARIABLE_LENGTH = 500;

/** Ways a text condition compares; all but `empty`/`filled` need a `value`. */
export const TEXT_OPS = ['empty', 'filled', 'equals', 'not-equals', 'contains', 'starts-with', 'ends-with'] as const;
export type TextOp = (typeof TEXT_OPS)[number];
