import { createServer, request, type Server } from 'node:http';

/**
 * The demo page in four forms, served on one origin in front of a running Reelback server (so the widget, its API
 * and the page share an origin as they do on the demo; the proxy's cost is the same for every form):
 *   with       /demo/?v=with       the demo as it is: the inline player 2,000–3,400 px below the fold, the bubble
 *   without    /demo/?v=without    the same page without the widget (no module script, no element, no embed.js)
 *   hero       /demo/?v=hero       without the demo's widget, the player in the hero instead (in view at load, none of
 *                                  the demo's CSS for it) and the entry in <head> with blocking="render", as
 *                                  docs/host-page.md says for a hero slot
 *   hero-bare  /demo/?v=hero-bare  the same with the bare two-line snippet pasted under the hero's text (the entry's
 *                                  script in the body: it cannot hold the first paint)
 */
export type Variant = 'with' | 'without' | 'hero' | 'hero-bare';
export const VARIANTS: Variant[] = ['with', 'without', 'hero', 'hero-bare'];

const MODULE = '<script type="module" async src="/widget/reelback-flow.js"></script>';
const ELEMENT = /<reelback-flow id="reelback-inline"[^>]*><\/reelback-flow>/;
const EMBED = /<script async src="\/embed\.js"[^>]*><\/script>/;

export function pageFor(variant: Variant, html: string): string {
  if (variant === 'with') return html;
  if (!html.includes(MODULE) || !/<\/head>/.test(html)) throw new Error('the demo page changed: the bench no longer finds its module script and <head>');
  const without = html.replace(MODULE, '').replace(ELEMENT, '').replace(EMBED, '');
  if (/<script[^>]*src="\/(widget\/|embed\.js)/.test(without) || ELEMENT.test(without)) {
    throw new Error('the demo page changed: the bench no longer knows how to take the widget out');
  }
  if (variant === 'without') return without;
  const element = '<reelback-flow flow="demo"></reelback-flow>';
  const lede = /(<p class="lede">[\s\S]*?<\/p>)/;
  if (!lede.test(without)) throw new Error('the demo page has no hero lede to paste the snippet under');
  if (variant === 'hero-bare') return without.replace(lede, `$1\n${MODULE}\n${element}`);
  return without.replace('</head>', `${MODULE.replace(' async ', ' async blocking="render" ')}\n</head>`).replace(lede, `$1\n${element}`);
}

/** Starts the proxy on a free port; `/demo/` and `/demo/index.html` answer the variant named by `?v=`. */
export async function startVariantProxy(upstream: string): Promise<{ url: string; server: Server }> {
  const target = new URL(upstream);
  const original = await (await fetch(`${upstream}/demo/`)).text();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (req.method === 'GET' && (url.pathname === '/demo/' || url.pathname === '/demo/index.html')) {
      const variant = (VARIANTS as string[]).includes(url.searchParams.get('v') ?? '') ? (url.searchParams.get('v') as Variant) : 'with';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(pageFor(variant, original));
      return;
    }
    const forward = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}
