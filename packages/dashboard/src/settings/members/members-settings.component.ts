import { css, html, LitElement, nothing } from 'lit';
import type { CreatedTeamInvite, MemberResetLink, TeamInvite, TeamMember, TeamRole } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../../api/api-client.js';
import { sentence } from '../../login/login.component.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { formatTime } from '../../util/format.js';
import { createInvite, listInvites, listMembers, makeResetLink, removeMember, resendInvite, revokeInvite, setRole } from './members-api.js';
import { deliveryText, invitesList, membersTable, ROLE_NAMES, ROLES } from './members-view.js';
import { defineRbShownOnce } from '../shown-once.component.js';
import { WhilePendingController } from './while-pending.controller.js';

defineRbShownOnce();

/** A link to show once: an invite's, or a member's reset link (or that it was only e-mailed). */
type Shown =
  | { kind: 'invite'; invite: CreatedTeamInvite }
  | { kind: 'reset'; member: TeamMember; link: MemberResetLink };

function problemText(error: unknown): string {
  return error instanceof ApiProblem ? sentence(error.message) : 'Something went wrong. Please try again.';
}

const isPending = (invite: TeamInvite) => invite.delivery?.status === 'queued' || invite.delivery?.status === 'retrying';

/**
 * Settings → Members, for admins (its own chunk, loaded by the settings page): the members with their role (changed
 * in place) and last activity, a password reset link for one, removing one (confirmed); inviting by e-mail with a
 * role, the link always shown to copy; open invites with how their e-mail went (followed while it is being sent),
 * made again or revoked. The server keeps the last admin (its 409 is shown as it says it).
 *
 * @tag rb-members-settings
 */
export class RbMembersSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 56rem;
      }
      h3 {
        font-size: 1rem;
        margin: 1.5rem 0 0.5rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        background: var(--rb-surface, #fff);
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem 0.75rem 0.5rem 0;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        vertical-align: top;
      }
      tbody th {
        font-weight: 400;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .actions,
      .confirm,
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.5rem;
        align-items: center;
      }
      select {
        font: inherit;
        padding: 0.25em 0.4em;
      }
      .invites {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .invites li {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
        padding: 0.5rem 0.75rem;
        margin-bottom: 0.5rem;
      }
      .invites p {
        margin: 0 0 0.25rem;
      }
      .who {
        overflow-wrap: anywhere;
      }
      .delivery[data-status='failed'] {
        color: var(--rb-bad-text, #7f1d1d);
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      form input[type='email'] {
        width: min(22rem, 100%);
      }
      rb-shown-once {
        margin: 0.75rem 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    me: {},
    pollIntervalMs: { type: Number, attribute: 'poll-interval-ms' },
    _members: { state: true },
    _invites: { state: true },
    _mailConfigured: { state: true },
    _loadProblem: { state: true },
    _busy: { state: true },
    _confirmRemove: { state: true },
    _shown: { state: true },
    _message: { state: true },
    _problem: { state: true },
    _inviteProblem: { state: true },
  };

  declare api: ApiClient;
  /** The signed-in user's id (their row says "you"). */
  declare me: string;
  /** How often open e-mail deliveries are looked at again while they are being sent. */
  declare pollIntervalMs: number;
  declare private _members: TeamMember[] | null;
  declare private _invites: TeamInvite[] | null;
  declare private _mailConfigured: boolean;
  declare private _loadProblem: string;
  declare private _busy: boolean;
  declare private _confirmRemove: string;
  declare private _shown: Shown | null;
  declare private _message: string;
  declare private _problem: string;
  declare private _inviteProblem: string;
  private readonly deliveries = new WhilePendingController(this, () => this.refreshInvites(), () => this.pollIntervalMs);

  constructor() {
    super();
    this.me = '';
    this.pollIntervalMs = 3000;
    this._members = null;
    this._invites = null;
    this._mailConfigured = false;
    this._loadProblem = '';
    this._busy = false;
    this._confirmRemove = '';
    this._shown = null;
    this._message = '';
    this._problem = '';
    this._inviteProblem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this._loadProblem = '';
    try {
      const [members, invites] = await Promise.all([listMembers(this.api), listInvites(this.api)]);
      this._members = members;
      this._invites = invites.invites;
      this._mailConfigured = invites.mail.configured;
      if (invites.invites.some(isPending)) this.deliveries.start();
    } catch (error) {
      this._loadProblem = `The members could not be loaded: ${problemText(error)}`;
    }
  }

  /** True while an invite's e-mail is still being sent. */
  private async refreshInvites(): Promise<boolean> {
    const list = await listInvites(this.api);
    this._invites = list.invites;
    this._mailConfigured = list.mail.configured;
    return list.invites.some(isPending);
  }

  /** One action at a time; its outcome in the status line, or the alert. */
  private async act(run: () => Promise<string>): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._message = '';
    this._problem = '';
    try {
      this._message = await run();
    } catch (error) {
      this._problem = problemText(error);
    } finally {
      this._busy = false;
    }
  }

  private showInvite(invite: CreatedTeamInvite): void {
    this._shown = { kind: 'invite', invite };
    this._invites = [invite, ...(this._invites ?? []).filter((i) => i.id !== invite.id)];
    if (isPending(invite)) this.deliveries.start();
  }

  private readonly onInvite = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role')) as TeamRole;
    this._inviteProblem = email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? 'That does not look like an e-mail address.' : '';
    if (this._inviteProblem) return;
    this._busy = true;
    this._message = '';
    try {
      this.showInvite(await createInvite(this.api, { role, ...(email ? { email } : {}) }));
      form.reset();
    } catch (error) {
      this._inviteProblem = problemText(error);
    } finally {
      this._busy = false;
    }
  };

  private readonly memberActions = {
    setRole: (member: TeamMember, role: TeamRole) =>
      this.act(async () => {
        try {
          const updated = await setRole(this.api, member.userId, role);
          this._members = (this._members ?? []).map((m) => (m.userId === updated.userId ? updated : m));
          return `${member.name || member.email}'s role is now ${ROLE_NAMES[updated.role]}.`;
        } catch (error) {
          // The select shows what is stored, not what was refused.
          this._members = [...(this._members ?? [])];
          throw error;
        }
      }),
    resetLink: (member: TeamMember) =>
      this.act(async () => {
        const link = await makeResetLink(this.api, member.userId);
        this._shown = { kind: 'reset', member, link };
        return '';
      }),
    askRemove: (member: TeamMember | null) => (this._confirmRemove = member?.userId ?? ''),
    remove: (member: TeamMember) =>
      this.act(async () => {
        await removeMember(this.api, member.userId);
        this._confirmRemove = '';
        this._members = (this._members ?? []).filter((m) => m.userId !== member.userId);
        return `Removed ${member.name || member.email} from this workspace.`;
      }),
  };

  private readonly inviteActions = {
    resend: (invite: TeamInvite) =>
      this.act(async () => {
        const again = await resendInvite(this.api, invite.id);
        this._invites = (this._invites ?? []).filter((i) => i.id !== invite.id);
        this.showInvite(again);
        return '';
      }),
    revoke: (invite: TeamInvite) =>
      this.act(async () => {
        await revokeInvite(this.api, invite.id);
        this._invites = (this._invites ?? []).filter((i) => i.id !== invite.id);
        if (this._shown?.kind === 'invite' && this._shown.invite.id === invite.id) this._shown = null;
        return `Revoked the invite for ${invite.email ?? 'anyone with the link'}: its link no longer works.`;
      }),
  };

  private renderShown() {
    const shown = this._shown;
    if (!shown) return nothing;
    if (shown.kind === 'invite') {
      const { invite } = shown;
      const live = (this._invites ?? []).find((i) => i.id === invite.id)?.delivery ?? invite.delivery;
      return html`<rb-shown-once heading="Invite link for ${invite.email ?? 'anyone with the link'}" copy-label="Copy link" noun="link" .value=${invite.url}>
        <p>
          ${invite.email && live && live.status !== 'not-configured'
            ? `We are e-mailing it to ${invite.email}; you can also send it yourself.`
            : 'Send it to the person yourself (chat, e-mail).'}
          It works once, until ${formatTime(invite.expiresAt)}, for the role ${ROLE_NAMES[invite.role]}; it is not shown again.
        </p>
        ${invite.email ? html`<p class="muted" role="status">${deliveryText(live)}</p>` : nothing}
      </rb-shown-once>`;
    }
    const name = shown.member.name || shown.member.email;
    if (shown.link.url === null) {
      return html`<p role="status">
        A reset link was e-mailed to ${shown.member.email}. ${name} is also in workspaces you do not administer, so only they can see it.
      </p>`;
    }
    return html`<rb-shown-once heading="Password reset link for ${name}" copy-label="Copy link" noun="link" .value=${shown.link.url}>
      <p>Give it to ${name} yourself. It works once, for 24 hours, and signs them out everywhere. It is not shown again.</p>
      ${shown.link.delivery && shown.link.delivery.status !== 'not-configured' ? html`<p class="muted">It is being e-mailed to ${shown.member.email} too.</p>` : nothing}
    </rb-shown-once>`;
  }

  override render() {
    if (this._members === null || this._invites === null) {
      return this._loadProblem
        ? html`<p class="error" role="alert">${this._loadProblem}</p>
            <button class="button" type="button" @click=${() => this.load()}>Try again</button>`
        : html`<p role="status">Loading members…</p>`;
    }
    return html`
      ${membersTable(this._members, { ...this.memberActions, me: this.me, busy: this._busy, confirmRemove: this._confirmRemove })}
      <p role="status">${this._message}</p>
      <p class="error" role="alert">${this._problem}</p>
      ${this.renderShown()}
      <h3 id="invite-title">Invite someone</h3>
      <p class="muted">
        ${this._mailConfigured
          ? 'With an e-mail address, the invite is e-mailed to them and only that address can use it. Either way you get the link to copy.'
          : 'This server sends no e-mail (REELBACK_SMTP_URL is not set): you get a link to send yourself. With an e-mail address, only that address can use it.'}
      </p>
      <form aria-labelledby="invite-title" novalidate @submit=${this.onInvite}>
        <div class="field">
          <label for="invite-email">E-mail (optional)</label>
          <input id="invite-email" name="email" type="email" autocomplete="off" aria-describedby="invite-problem" />
        </div>
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role">
            ${ROLES.map((r) => html`<option value=${r}>${ROLE_NAMES[r]}</option>`)}
          </select>
        </div>
        <button class="button" type="submit" ?disabled=${this._busy}>Invite</button>
      </form>
      <p id="invite-problem" class="error" role="alert">${this._inviteProblem}</p>
      <h3 id="invites-title">Open invites</h3>
      ${invitesList(this._invites, { ...this.inviteActions, busy: this._busy, mailConfigured: this._mailConfigured })}
    `;
  }
}

export function defineRbMembersSettings(tagName = 'rb-members-settings'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbMembersSettings);
}

defineRbMembersSettings();

declare global {
  interface HTMLElementTagNameMap {
    'rb-members-settings': RbMembersSettings;
  }
}
