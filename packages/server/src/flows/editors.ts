import type { Editor } from '@reelback/shared';
import type { AccountStore } from '../ports/account-store.js';

/** Who is acting, as the HTTP layer knows it (its `Caller` has this shape); services stay out of `http/`. */
export interface Actor {
  via: 'admin-key' | 'session' | 'api-key';
  userId: string | null;
  apiKeyId?: string;
  workspaceId: string | null;
}

export const ADMIN_KEY_EDITOR: Editor = { kind: 'admin-key', id: null, label: 'the admin key' };

/**
 * Turns an actor into the editor recorded on a draft or a version: a person by their name (else e-mail), a key by
 * its name. Stored as it reads at the time, so history still names someone who left the workspace.
 */
export class EditorNames {
  constructor(private readonly accounts: Pick<AccountStore, 'getUser' | 'listApiKeys'>) {}

  async of(actor: Actor): Promise<Editor> {
    if (actor.via === 'session' && actor.userId !== null) {
      const user = await this.accounts.getUser(actor.userId);
      return { kind: 'user', id: actor.userId, label: user ? user.name.trim() || user.email : 'a removed user' };
    }
    if (actor.via === 'api-key' && actor.apiKeyId !== undefined && actor.workspaceId !== null) {
      const key = (await this.accounts.listApiKeys(actor.workspaceId)).find((k) => k.id === actor.apiKeyId);
      return { kind: 'api-key', id: actor.apiKeyId, label: `API key "${key?.name ?? actor.apiKeyId}"` };
    }
    return ADMIN_KEY_EDITOR;
  }
}
