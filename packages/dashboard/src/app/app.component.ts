import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiClient, type AuthInfo } from '../api/api-client.js';
import { defineRbAnalytics } from '../analytics/analytics.component.js';
import { defineRbAnswer } from '../answer/answer.component.js';
import { defineRbAccount } from '../account/account.component.js';
import { defineRbForgotPassword } from '../account/forgot-password.component.js';
import { defineRbResetPassword } from '../account/reset-password.component.js';
import { defineRbFlow } from '../flows/flow.component.js';
import { defineRbFlows } from '../flows/flows.component.js';
import { defineRbInbox } from '../inbox/inbox.component.js';
import { defineRbInvite } from '../invite/invite.component.js';
import { defineRbLogin } from '../login/login.component.js';
import { defineRbReel } from '../reel/reel.component.js';
import { defineRbStudio } from '../studio/studio.component.js';
import { defineRbSettings } from '../settings/settings.component.js';
import { defineRbSetup } from '../setup/setup.component.js';
import { setupPending } from '../setup/setup-api.js';
import { defineRbWorkspaceSwitcher } from '../settings/workspace-switcher.component.js';
import { defineRbApiKeys } from '../settings/api-keys/api-keys-page.js';
import { defineRbAuditLog } from '../settings/audit/audit-log-page.js';
import { defineRbSignIn } from '../settings/sign-in/sign-in-page.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { defineRbTranscriptionBanner } from '../transcription/transcription-banner.component.js';
import {
  accountPath,
  analyticsPath,
  BASE,
  flowsPath,
  type LogoutRequest,
  loginPath,
  type NavigateRequest,
  parseRoute,
  PUBLIC_PAGES,
  type Route,
  settingsPath,
  setupPath,
} from './routes.js';

defineRbLogin();
defineRbSetup();
defineRbInvite();
defineRbInbox();
defineRbAnswer();
defineRbFlows();
defineRbFlow();
defineRbSettings();
defineRbWorkspaceSwitcher();
defineRbReel();
defineRbAnalytics();
defineRbStudio();
defineRbApiKeys();
defineRbSignIn();
defineRbAuditLog();
defineRbAccount();
defineRbForgotPassword();
defineRbResetPassword();
defineRbTranscriptionBanner();

const TITLES: Record<Route['page'], string> = {
  login: 'Log in · Reelback',
  setup: 'Set up · Reelback',
  invite: 'Invite · Reelback',
  inbox: 'Answers · Reelback',
  answer: 'Answer · Reelback',
  flows: 'Flows · Reelback',
  flow: 'Flow · Reelback',
  studio: 'Flow studio · Reelback',
  settings: 'Settings · Reelback',
  'api-keys': 'API keys · Settings · Reelback',
  'sign-in': 'Sign-in · Settings · Reelback',
  'audit-log': 'Audit log · Settings · Reelback',
  reel: 'Highlight reel · Reelback',
  analytics: 'Analytics · Reelback',
  account: 'Your account · Reelback',
  forgot: 'Forgot password · Reelback',
  reset: 'Set a new password · Reelback',
  'not-found': 'Not found · Reelback',
};

/**
 * The dashboard: reads the page from `location.pathname` under /app (history API), checks the session
 * with `GET /api/v1/auth/me`, sends people without one to the login page and back where they were after — or,
 * while the server has no account at all, to the setup page. The login, setup and invite pages need no session.
 * Pages ask for navigation with `rb-navigate-request` and to sign out with `rb-logout-request`; links to /app/…
 * are followed without a reload.
 *
 * @tag rb-app
 * @csspart header - The top bar.
 * @csspart main - The page's main region.
 * @cssproperty --rb-accent - The accent colour (links, buttons, focus rings). Default `#2f3fb8`.
 * @cssproperty --rb-font - The font family. Default `system-ui, sans-serif`.
 * @cssproperty --rb-radius - Corner radius of controls. Default `6px`.
 */
export class RbApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--rb-page, #f7f8fa);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
        align-items: center;
        padding: 0.5rem var(--rb-space, 1rem);
        background: var(--rb-surface, #fff);
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
      }
      .brand {
        font-weight: 700;
        color: inherit;
        text-decoration: none;
      }
      nav a {
        color: inherit;
        text-decoration: none;
        padding: 0.25rem 0.5rem;
        border-radius: var(--rb-radius, 6px);
      }
      nav a[aria-current='page'] {
        background: var(--rb-accent-soft, #e8ebfb);
        font-weight: 600;
      }
      .who {
        margin-left: auto;
        display: flex;
        gap: 0.75rem;
        align-items: center;
        font-size: 0.9375rem;
      }
      .account {
        color: inherit;
      }
      rb-transcription-banner {
        max-width: var(--rb-max-width, 80rem);
        margin: 0 auto;
        padding: var(--rb-space, 1rem) var(--rb-space, 1rem) 0;
      }
      main {
        padding: var(--rb-space, 1rem);
        max-width: var(--rb-max-width, 80rem);
        margin: 0 auto;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    _route: { state: true },
    _auth: { state: true },
    _problem: { state: true },
    _setupPending: { state: true },
  };

  /** The API client; a test may give its own. */
  declare api: ApiClient;
  declare private _route: Route;
  /** undefined while the session is being checked, null when there is none. */
  declare private _auth: AuthInfo | null | undefined;
  /** Why the session could not be checked (the server is down or broken: not the same as logged out). */
  declare private _problem: string;
  /** No account exists yet (`GET /setup`), asked when there is no session. */
  declare private _setupPending: boolean;
  private _navigated = false;

  constructor() {
    super();
    this.api = new ApiClient();
    this._route = parseRoute(location.pathname, location.search);
    this._auth = undefined;
    this._problem = '';
    this._setupPending = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    this.addEventListener('rb-navigate-request', this.onNavigateRequest);
    this.addEventListener('click', this.onClick);
    this.addEventListener('rb-login', this.onLogin);
    this.addEventListener('rb-logout-request', this.onLogoutRequest);
    this.api.onUnauthorized = () => {
      this._auth = null;
      this.guard();
    };
    void this.checkSession();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onPopState);
    this.removeEventListener('rb-navigate-request', this.onNavigateRequest);
    this.removeEventListener('click', this.onClick);
    this.removeEventListener('rb-login', this.onLogin);
    this.removeEventListener('rb-logout-request', this.onLogoutRequest);
    this.api.onUnauthorized = null;
    super.disconnectedCallback();
  }

  /** The signed-in user, once known. */
  get auth(): AuthInfo | null | undefined {
    return this._auth;
  }

  private async checkSession(): Promise<void> {
    this._problem = '';
    try {
      const auth = await this.api.me();
      this._setupPending = auth === null && (await setupPending(this.api));
      this._auth = auth;
    } catch (error) {
      this._problem = `Reelback cannot check your session right now: ${(error as Error).message}`;
      return;
    }
    this.guard();
  }

  /**
   * People without a session go to the login page (remembering where they were), or to the setup page while no
   * account exists; the setup page is only for then. With a session, away from the login and setup pages.
   */
  private guard(): void {
    if (this._auth === undefined) return;
    const page = this._route.page;
    if (this._auth === null) {
      if (page === 'setup' && !this._setupPending) this.navigate(`${BASE}/login`, true);
      else if (!PUBLIC_PAGES.has(page)) this.navigate(this._setupPending ? setupPath : loginPath(location.pathname + location.search), true);
    } else if (this._route.page === 'login') {
      this.navigate(this._route.next, true);
    } else if (page === 'setup') {
      this.navigate(`${BASE}/`, true);
    }
  }

  /** Shows another page: `history.pushState` (or `replaceState`) and a new route. */
  navigate(path: string, replace = false): void {
    const url = new URL(path, location.origin);
    if (url.origin !== location.origin || !(url.pathname === BASE || url.pathname.startsWith(`${BASE}/`))) return;
    const target = url.pathname + url.search + url.hash;
    if (target !== location.pathname + location.search + location.hash) {
      if (replace) history.replaceState(null, '', target);
      else history.pushState(null, '', target);
    }
    this._navigated = true;
    this._route = parseRoute(url.pathname, url.search);
    this.guard();
  }

  private readonly onPopState = (): void => {
    this._navigated = true;
    this._route = parseRoute(location.pathname, location.search);
    this.guard();
  };

  private readonly onNavigateRequest = (event: CustomEvent<NavigateRequest>): void => {
    event.stopPropagation();
    this.navigate(event.detail.path, event.detail.replace);
  };

  /** Follows links to pages of the dashboard without reloading. */
  private readonly onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.hasAttribute('href'));
    if (!anchor || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
    if (anchor.origin !== location.origin || !(anchor.pathname === BASE || anchor.pathname.startsWith(`${BASE}/`))) return;
    event.preventDefault();
    this.navigate(anchor.pathname + anchor.search + anchor.hash);
  };

  private readonly onLogin = (event: CustomEvent<AuthInfo>): void => {
    this._auth = event.detail;
    this._setupPending = false;
    this.guard();
  };

  private readonly onLogoutRequest = (event: CustomEvent<LogoutRequest>): void => {
    event.stopPropagation();
    void this.logout(event.detail.next);
  };

  private async logout(next = `${BASE}/login`): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this._auth = null;
      this.navigate(next);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('_route' as keyof RbApp) || changed.has('_auth' as keyof RbApp)) {
      if (this._route.page !== 'answer') document.title = TITLES[this._route.page];
      else if (changed.has('_route' as keyof RbApp)) document.title = TITLES.answer;
    }
    // After a navigation, move focus to the new page's heading so screen readers and keyboards start there.
    if (this._navigated && changed.has('_route' as keyof RbApp)) {
      this._navigated = false;
      void this.focusHeading();
    }
  }

  private async focusHeading(): Promise<void> {
    const page = this.renderRoot.querySelector<LitElement>('main > *');
    await page?.updateComplete;
    page?.shadowRoot?.querySelector<HTMLElement>('h1')?.focus();
  }

  private renderPage() {
    const route = this._route;
    switch (route.page) {
      case 'login':
        return html`<rb-login .api=${this.api} .setupPending=${this._setupPending}></rb-login>`;
      case 'setup':
        return html`<rb-setup .api=${this.api}></rb-setup>`;
      case 'invite':
        return html`<rb-invite .api=${this.api} .auth=${this._auth ?? null}></rb-invite>`;
      case 'inbox':
        return html`<rb-inbox .api=${this.api}></rb-inbox>`;
      case 'answer':
        return html`<rb-answer .api=${this.api} .role=${this._auth?.role ?? 'manager'} answer-id=${route.answerId} .startAt=${route.t}></rb-answer>`;
      case 'flows':
        return html`<rb-flows .api=${this.api} .memberRole=${this._auth?.role} .archived=${route.archived}></rb-flows>`;
      case 'flow':
        return html`<rb-flow .api=${this.api} flow-id=${route.flowId} .memberRole=${this._auth?.role}></rb-flow>`;
      case 'studio':
        return html`<rb-studio .api=${this.api} flow-id=${route.flowId} .memberRole=${this._auth?.role}></rb-studio>`;
      case 'settings':
        return html`<rb-settings .api=${this.api} .auth=${this._auth}></rb-settings>`;
      case 'api-keys':
        return html`<rb-api-keys .api=${this.api} .auth=${this._auth}></rb-api-keys>`;
      case 'sign-in':
        return html`<rb-sign-in .api=${this.api} .auth=${this._auth}></rb-sign-in>`;
      case 'audit-log':
        return html`<rb-audit-log .api=${this.api} .auth=${this._auth} .search=${route.search}></rb-audit-log>`;
      case 'reel':
        return html`<rb-reel .api=${this.api} .answerIds=${route.answerIds}></rb-reel>`;
      case 'analytics':
        return html`<rb-analytics .api=${this.api} .search=${route.search}></rb-analytics>`;
      case 'account':
        return html`<rb-account .api=${this.api} .auth=${this._auth}></rb-account>`;
      case 'forgot':
        return html`<rb-forgot-password .api=${this.api}></rb-forgot-password>`;
      case 'reset':
        return html`<rb-reset-password .api=${this.api}></rb-reset-password>`;
      case 'not-found':
        return html`<section>
          <h1 tabindex="-1">Page not found</h1>
          <p>There is nothing at this address. <a href="${BASE}/">See all answers</a>.</p>
        </section>`;
    }
  }

  override render() {
    const auth = this._auth;
    if (this._problem) {
      return html`<main part="main">
        <h1 tabindex="-1">Reelback</h1>
        <p class="error" role="alert">${this._problem}</p>
        <button class="button" type="button" @click=${() => this.checkSession()}>Try again</button>
      </main>`;
    }
    if (auth === undefined) return html`<main part="main"><p role="status">Loading…</p></main>`;
    if (auth === null || PUBLIC_PAGES.has(this._route.page)) {
      // Signed out: only the pages that need no session (login, setup, invite, password reset) (a redirect to one is under way otherwise). These stand
      // alone, without the dashboard's header, for everyone.
      return html`<main part="main">${PUBLIC_PAGES.has(this._route.page) ? this.renderPage() : nothing}</main>`;
    }
    return html`
      <header part="header">
        <a class="brand" href="${BASE}/">Reelback</a>
        <nav aria-label="Dashboard">
          <a href="${BASE}/" aria-current=${this._route.page === 'inbox' ? 'page' : 'false'}>Answers</a>
          <a href=${flowsPath} aria-current=${this._route.page === 'flows' ? 'page' : this._route.page === 'flow' || this._route.page === 'studio' ? 'true' : 'false'}>Flows</a>
          <a href=${analyticsPath()} aria-current=${this._route.page === 'analytics' ? 'page' : 'false'}>Analytics</a>
          <a href=${settingsPath} aria-current=${this._route.page === 'settings' ? 'page' : this._route.page === 'api-keys' || this._route.page === 'audit-log' || this._route.page === 'sign-in' ? 'true' : 'false'}>Settings</a>
        </nav>
        <div class="who">
          <span
            ><a class="account" href=${accountPath} aria-current=${this._route.page === 'account' ? 'page' : 'false'}
              ><span class="visually-hidden">Your account: signed in as </span>${auth.user.name || auth.user.email}</a
            >
            · ${auth.workspace.name}</span
          >
          <rb-workspace-switcher .api=${this.api} .auth=${auth}></rb-workspace-switcher>
          <button class="button quiet" type="button" @click=${() => this.logout()}>Log out</button>
        </div>
      </header>
      ${auth.role === 'admin' ? html`<rb-transcription-banner part="banner" .api=${this.api}></rb-transcription-banner>` : nothing}
      <main part="main">${this.renderPage()}</main>
    `;
  }
}

export function defineRbApp(tagName = 'rb-app'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbApp);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-app': RbApp;
  }
}
