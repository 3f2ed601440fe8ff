import type { SessionContext } from '@reelback/shared';
import type { EmbedMode } from '@reelback/shared/event-types';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** How a device presents itself, from the user agent (no layout probing). */
export function deviceKind(userAgent = navigator.userAgent): NonNullable<SessionContext['device']> {
  if (/iPad|Tablet|PlayBook|Silk|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|IEMobile|Opera Mini/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/**
 * Where and how this session is watched: sent once, with `reelback.session.started`. `locale`: the language the
 * viewer is shown (the widget's, resolved from the element, the page and the browser), not merely the browser's.
 */
export function pageContext(embedMode: EmbedMode, locale?: string): SessionContext {
  const context: SessionContext = { embedMode };
  if (locale) context.locale = locale;
  if (embedMode === 'preview') return context;
  context.pageUrl = location.href.slice(0, 2048);
  if (document.referrer) context.referrer = document.referrer.slice(0, 2048);
  const params = new URLSearchParams(location.search);
  const utm: NonNullable<SessionContext['utm']> = {};
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  if (Object.keys(utm).length) context.utm = utm;
  context.device = deviceKind();
  return context;
}
