/**
 * Kysely's migrator looks at every table of every schema of the database (its PostgreSQL introspector calls
 * `has_schema_privilege` per schema), so another schema dropped at that moment — another app's, another test file's —
 * fails it with "schema … does not exist" (SQLSTATE 3F000) although ours is fine. Such a failure is tried again.
 */
export async function whileSchemasVanish<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 5 || !isVanishedSchema(error)) throw error;
    }
  }
}

export function isVanishedSchema(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '3F000';
}
