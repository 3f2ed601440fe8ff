// The workspace's API keys (admins, #13): the list (no secrets), making one (its secret answered this once) and
// revoking. Types from @reelback/shared (types only: no zod in this bundle).
import type { ApiKeyView, CreateApiKeyRequest, CreatedApiKey } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';

const PATH = '/workspace/api-keys';

/** Newest first. */
export async function listApiKeys(api: ApiClient): Promise<ApiKeyView[]> {
  return (await api.get<{ apiKeys: ApiKeyView[] }>(PATH)).apiKeys;
}

/** A refusal is an `ApiProblem` whose `issues` name the field (`name`, `scopes`, `expiresAt`). */
export async function createApiKey(api: ApiClient, body: CreateApiKeyRequest): Promise<CreatedApiKey> {
  return (await api.send<CreatedApiKey>('POST', PATH, body))!;
}

export async function revokeApiKey(api: ApiClient, id: string): Promise<void> {
  await api.send('DELETE', `${PATH}/${encodeURIComponent(id)}`);
}
