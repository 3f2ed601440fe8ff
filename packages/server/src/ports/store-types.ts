/** Timestamps cross the port as ISO-8601 UTC strings (`Date#toISOString`). */
export type IsoTime = string;

/**
 * Whose rows an owner query sees: those whose flow belongs to `workspaceId` (compared with IS NOT DISTINCT FROM,
 * so `null`, the admin key before the bootstrap made a workspace, sees the flows that have no workspace).
 * Owner routes pass one to every read and write; public routes and background jobs pass none and see everything.
 */
export interface Scope {
  readonly workspaceId: string | null;
}
