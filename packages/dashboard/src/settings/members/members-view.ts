// How Settings → Members shows members, invites and e-mail deliveries (template functions; the element acts).
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { MailDelivery, TeamInvite, TeamMember, TeamRole } from '@reelback/shared';
import { formatTime } from '../../util/format.js';

export const ROLE_NAMES: Record<TeamRole, string> = { admin: 'Admin', owner: 'Owner', manager: 'Manager' };
export const ROLES: TeamRole[] = ['manager', 'owner', 'admin'];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "5 minutes ago", "yesterday", or the date past a month; "Never" when there is no record. */
export function lastActive(iso: string | null, now = Date.now()): string {
  if (!iso) return 'Never';
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 5) return 'Just now';
  if (minutes < 60) return relative.format(-minutes, 'minute');
  if (minutes < 48 * 60) return relative.format(-Math.round(minutes / 60), 'hour');
  if (minutes < 30 * 24 * 60) return relative.format(-Math.round(minutes / (24 * 60)), 'day');
  return formatTime(iso);
}

/** One line about an invite's e-mail. */
export function deliveryText(delivery: MailDelivery | null): string {
  if (!delivery) return 'Link only (no e-mail address)';
  switch (delivery.status) {
    case 'not-configured':
      return 'Not e-mailed: this server sends no e-mail. Copy a new link to hand it over.';
    case 'queued':
      return 'E-mail being sent…';
    case 'retrying':
      return `E-mail not delivered yet (try ${delivery.attempts}): ${delivery.error ?? 'no reason given'}. Trying again.`;
    case 'sent':
      return `E-mail sent${delivery.sentAt ? ` ${formatTime(delivery.sentAt)}` : ''}.`;
    case 'failed':
      return `E-mail not delivered: ${delivery.error ?? 'no reason given'}`;
  }
}

export const deliveryBadge = (delivery: MailDelivery | null): string =>
  delivery?.status === 'sent' ? 'ready' : delivery?.status === 'failed' ? 'failed' : delivery?.status === 'queued' || delivery?.status === 'retrying' ? 'queued' : 'none';

export interface MemberActions {
  me: string;
  busy: boolean;
  confirmRemove: string;
  setRole(member: TeamMember, role: TeamRole): void;
  resetLink(member: TeamMember): void;
  askRemove(member: TeamMember | null): void;
  remove(member: TeamMember): void;
}

const who = (m: TeamMember) => m.name || m.email;

export function membersTable(members: TeamMember[], act: MemberActions) {
  return html`<table class="members">
    <caption class="visually-hidden">Members, their roles and last activity</caption>
    <thead>
      <tr>
        <th scope="col">Member</th>
        <th scope="col">Role</th>
        <th scope="col">Last active</th>
        <th scope="col"><span class="visually-hidden">Actions</span></th>
      </tr>
    </thead>
    <tbody>
      ${members.map(
        (m) => html`<tr data-user=${m.userId}>
          <th scope="row">
            <span class="name">${who(m)}${m.userId === act.me ? html` <span class="muted">(you)</span>` : nothing}</span>
            ${m.name ? html`<br /><span class="muted email">${m.email}</span>` : nothing}
          </th>
          <td>
            <label class="visually-hidden" for="role-${m.userId}">Role of ${who(m)}</label>
            <select id="role-${m.userId}" 
              .value=${live(m.role)}
              ?disabled=${act.busy} @change=${(e: Event) => act.setRole(m, (e.target as HTMLSelectElement).value as TeamRole)}>
              ${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${ROLE_NAMES[r]}</option>`)}
            </select>
          </td>
          <td>${lastActive(m.lastActiveAt)}</td>
          <td class="actions">
            ${act.confirmRemove === m.userId
              ? html`<span role="group" aria-label="Confirm removing ${who(m)}" class="confirm">
                  <span>Remove ${who(m)} from this workspace?</span>
                  <button class="button" type="button" ?disabled=${act.busy} @click=${() => act.remove(m)}>Yes, remove</button>
                  <button class="button quiet" type="button" @click=${() => act.askRemove(null)}>Keep</button>
                </span>`
              : html`<button class="button quiet" type="button" ?disabled=${act.busy} @click=${() => act.resetLink(m)}>
                    Reset link<span class="visually-hidden"> for ${who(m)}</span>
                  </button>
                  <button class="button quiet" type="button" ?disabled=${act.busy} @click=${() => act.askRemove(m)}>
                    Remove<span class="visually-hidden"> ${who(m)}</span>
                  </button>`}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export interface InviteActions {
  busy: boolean;
  mailConfigured: boolean;
  resend(invite: TeamInvite): void;
  revoke(invite: TeamInvite): void;
}

export function invitesList(invites: TeamInvite[], act: InviteActions) {
  if (invites.length === 0) return html`<p class="muted">No open invites.</p>`;
  return html`<ul class="invites" aria-label="Open invites">
    ${invites.map((i) => {
      const label = i.email ?? 'anyone with the link';
      const again = act.mailConfigured && i.email ? 'Resend' : 'New link';
      return html`<li data-invite=${i.id}>
        <p>
          <strong class="who">${i.email ?? 'Anyone with the link'}</strong>
          <span class="badge">${ROLE_NAMES[i.role]}</span>
          <span class="badge" data-status=${i.state === 'expired' ? 'failed' : 'queued'}>${i.state === 'expired' ? 'Expired' : 'Pending'}</span>
        </p>
        <p class="muted">
          ${i.state === 'expired' ? `Expired ${formatTime(i.expiresAt)}` : `Works until ${formatTime(i.expiresAt)}`}${i.invitedBy ? ` · invited by ${i.invitedBy}` : ''}
        </p>
        <p class="delivery" data-status=${deliveryBadge(i.delivery)}>${deliveryText(i.delivery)}</p>
        <div class="row">
          <button class="button quiet" type="button" ?disabled=${act.busy} @click=${() => act.resend(i)}>${again}<span class="visually-hidden"> for ${label}</span></button>
          <button class="button quiet" type="button" ?disabled=${act.busy} @click=${() => act.revoke(i)}>Revoke<span class="visually-hidden"> the invite for ${label}</span></button>
        </div>
      </li>`;
    })}
  </ul>`;
}
