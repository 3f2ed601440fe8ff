import type { ResolvedConfig } from '../config/admin-key.js';
import { NodemailerMailer } from '../mail/nodemailer-mailer.js';

/** The SMTP mailer when one is configured, with the start-up line saying where mail goes (never the password). */
export function composeMailer(config: ResolvedConfig, log: (line: string) => void): NodemailerMailer | null {
  const mailer = config.mail ? new NodemailerMailer({ url: config.mail.smtpUrl, from: config.mail.from }) : null;
  log(
    mailer && config.mail
      ? `E-mail: invites and password reset links are sent through ${mailer.description} as ${config.mail.from}.`
      : 'E-mail: off (no REELBACK_SMTP_URL): admins copy invite and password reset links from Settings → Members.',
  );
  return mailer;
}

/** The start-up line naming the single sign-on provider, when there is one. */
export function announceSso(config: ResolvedConfig, log: (line: string) => void): void {
  if (!config.sso) return;
  const redirect = `${config.publicUrl ?? '<the origin people use>'}/api/v1/auth/oidc/callback`;
  log(`Single sign-on: ${config.sso.issuer} (client ${config.sso.clientId}; redirect URI ${redirect}; domains ${[...config.sso.domains].map(([d, r]) => `${d}=${r}`).join(', ')}).`);
}
