import type { MailMessage } from '../ports/mailer.js';
import { escapeHtml, oneLine } from './html-text.js';

/**
 * The e-mails Reelback sends, each as plain text and simple HTML saying the same. Everything a person typed (names,
 * the workspace's name) is one line of text in the subject and the plain body and escaped in the HTML; the only link
 * is the one the server made.
 */

const ROLE_WORDS: Record<string, string> = {
  admin: 'an admin (members, keys and everything else)',
  owner: 'an owner (reviews answers and edits flows)',
  manager: 'a manager (reads answers and analytics)',
};

const when = (iso: string) => new Date(iso).toUTCString().replace('GMT', 'UTC');

function html(paragraphs: string[], link: { url: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  const url = escapeHtml(link.url);
  return `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1d2030">
${body}
<p><a href="${url}" style="display: inline-block; padding: 0.5em 1em; background: #2f3fb8; color: #fff; border-radius: 6px; text-decoration: none">${escapeHtml(link.label)}</a></p>
<p style="color: #545968; font-size: 0.875em">Or open this address: ${url}</p>
</body></html>`;
}

export interface InviteMail {
  to: string;
  workspaceName: string;
  /** Who invited (their name or e-mail); null when an API key or the admin key made the invite. */
  invitedBy: string | null;
  role: string;
  url: string;
  expiresAt: string;
}

export function inviteMessage(invite: InviteMail): MailMessage {
  const workspace = oneLine(invite.workspaceName);
  const by = invite.invitedBy === null ? null : oneLine(invite.invitedBy);
  const role = ROLE_WORDS[invite.role] ?? invite.role;
  const opening = by ? `${by} invited you to join "${workspace}" on Reelback` : `You are invited to join "${workspace}" on Reelback`;
  const text = [
    `${opening} as ${role}.`,
    '',
    `Accept the invitation: ${invite.url}`,
    '',
    `The link works once, until ${when(invite.expiresAt)}. If you did not expect this e-mail, ignore it.`,
  ].join('\n');
  return {
    to: invite.to,
    subject: `Join "${workspace}" on Reelback`,
    text,
    html: html(
      [
        `${by ? `<strong>${escapeHtml(by)}</strong> invited you to join` : 'You are invited to join'} <strong>${escapeHtml(workspace)}</strong> on Reelback as ${escapeHtml(role)}.`,
        `The link works once, until ${escapeHtml(when(invite.expiresAt))}. If you did not expect this e-mail, ignore it.`,
      ],
      { url: invite.url, label: 'Accept the invitation' },
    ),
  };
}

export interface PasswordResetMail {
  to: string;
  url: string;
  expiresAt: string;
  /** The admin who made the link for this person; null when they asked for it themselves. */
  madeBy: string | null;
}

export function passwordResetMessage(reset: PasswordResetMail): MailMessage {
  const by = reset.madeBy === null ? null : oneLine(reset.madeBy);
  const opening = by ? `${by}, an admin of your Reelback workspace, made a link for you to set a new password.` : 'Someone (we hope you) asked to reset your Reelback password.';
  const closing = `The link works once, until ${when(reset.expiresAt)}. If you did not ask for it, ignore this e-mail: your password stays as it is.`;
  return {
    to: reset.to,
    subject: 'Set a new Reelback password',
    text: [opening, '', `Set a new password: ${reset.url}`, '', closing].join('\n'),
    html: html([escapeHtml(opening), escapeHtml(closing)], { url: reset.url, label: 'Set a new password' }),
  };
}
