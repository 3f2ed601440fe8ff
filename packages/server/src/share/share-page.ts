// The share link's HTML: a whole page around the published flow in the widget, for people sent a link. Pure text
// from the flow; every value from the flow is escaped (name) or checked (the theme's background is a colour or nothing).
import { isThemeColour, type PublishedFlow } from '@reelback/shared';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The page's own look; the flow's theme colours the page behind the player. */
function styles(background: string | undefined): string {
  return `html,body{margin:0;min-height:100%}
body{display:flex;align-items:center;justify-content:center;min-height:100vh;box-sizing:border-box;padding:16px;background:${background ?? '#f4f5f8'};font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
reelback-flow{width:100%;--reelback-max-width:640px}
main{width:100%;max-width:640px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.message{background:#fff;color:#1b1b1f;border-radius:12px;padding:24px;text-align:center}`;
}

function page(title: string, body: string, background?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${styles(background)}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The flow in the widget, full page; the widget loads from this server and talks to it (no endpoint needed). */
export function sharePage(flow: PublishedFlow): string {
  const background = isThemeColour(flow.definition.theme?.background) ? flow.definition.theme.background : undefined;
  const body = `<main>
<h1 class="sr-only">${escapeHtml(flow.definition.name)}</h1>
<reelback-flow flow="${escapeHtml(flow.flowId)}"></reelback-flow>
</main>
<script type="module" src="/widget/reelback-flow.js"></script>`;
  return page(flow.definition.name, body, background);
}

/** 404 (no such flow, or not published yet) and 410 (archived). */
export function shareMissingPage(status: 404 | 410): string {
  const text =
    status === 410
      ? '<h1>This video flow has ended</h1><p>Its owner archived it, so it no longer takes answers. Thank you for stopping by.</p>'
      : '<h1>Nothing here</h1><p>There is no published video flow at this link. Check the link, or ask whoever sent it.</p>';
  return page(status === 410 ? 'Flow ended' : 'Not found', `<main class="message">${text}</main>`);
}
