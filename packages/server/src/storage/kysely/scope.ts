import { type RawBuilder, sql } from 'kysely';
import type { Scope } from '../../ports/store-types.js';

/**
 * `column IS NOT DISTINCT FROM scope.workspaceId`, written as `is null` or `=` so both engines can use the index:
 * `.where(inWorkspace('flows.workspace_id', scope))`.
 */
export const inWorkspace = (column: 'flows.workspace_id', scope: Scope): RawBuilder<boolean> =>
  scope.workspaceId === null ? sql<boolean>`${sql.ref(column)} is null` : sql<boolean>`${sql.ref(column)} = ${scope.workspaceId}`;
