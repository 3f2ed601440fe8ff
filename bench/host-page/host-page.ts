// bench/host-page: what the widget costs the page it is embedded in. The demo page with the widget against the same
// page without it (and with the player in the hero: variants.ts), in Debian's Chromium driven over the DevTools
// protocol, fresh profile and cache per run, under Lighthouse's mobile throttling (DevTools-applied values: 562.5 ms
// RTT, 1.47 Mbit/s down, 675 kbit/s up, CPU 4×, 412×823 at DPR 1.75) and on desktop (unthrottled, 1350×940).
// Measured until the page is loaded and the network quiet, before any interaction:
//   bytes        transferred (encoded) in all, and of it: the widget's scripts, API calls, media (video, posters)
//   sessions     POST /api/v1/sessions made
//   dcl          DOMContentLoaded (navigation start → event end), ms
//   main         main-thread busy time (CDP Performance.getMetrics TaskDuration), ms
//   tbt          blocking time as Lighthouse's TBT counts it (each long task's time past 50 ms, after the first
//                contentful paint), from the page's own long-task entries, ms
//   cls, lcp     layout shifts as CLS counts them; largest contentful paint, ms
// Then it scrolls the inline player into view and reports the sessions, events and media bytes that brings.
// Targets: no media bytes and no session before the widget nears the viewport; CLS 0 with the bare snippet;
// DOMContentLoaded within 50 ms of the page without the widget (mobile).
// Lighthouse as the reference (not a dependency of the project: 146 packages): with `--lighthouse PATH` (its
// cli/index.js, e.g. after `npm i lighthouse@12.2.3` in a scratch folder) it also runs Lighthouse against Debian's
// Chromium on `with` and `without`, mobile (its simulated throttling) and desktop, `--lighthouse-runs` each.
// Usage: node --import tsx bench/host-page/host-page.ts [--runs 3] [--lighthouse PATH] [--lighthouse-runs 1]
//   (builds the server as the e2e tests do)
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { buildServer } from '@reelback/server/build';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';
import { startReelbackServer } from '../../e2e/support/reelback-server.js';
import { numberFlag } from '../support/cli-flags.js';
import { startVariantProxy, type Variant, VARIANTS } from './variants.js';

const args = process.argv.slice(2);
const runs = numberFlag(args, '--runs', 3);
const lighthouseCli = args.includes('--lighthouse') ? args[args.indexOf('--lighthouse') + 1] : undefined;
const lighthouseRuns = numberFlag(args, '--lighthouse-runs', 1);

interface LighthouseFigures {
  dcl: number;
  fcp: number;
  lcp: number;
  cls: number;
  tbt: number;
  tti: number;
  bytes: number;
}

/** One Lighthouse run (performance only) against `url`; its own throttling for the form factor. */
async function lighthouse(cli: string, url: string, formFactor: 'mobile' | 'desktop'): Promise<LighthouseFigures> {
  const chromeFlags = [...CHROMIUM_ARGS, '--headless=new'].join(' ');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [cli, url, '--output=json', '--output-path=stdout', '--quiet', '--only-categories=performance', `--chrome-flags=${chromeFlags}`, ...(formFactor === 'desktop' ? ['--preset=desktop'] : [])],
    { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
  );
  const report = JSON.parse(stdout) as { audits: Record<string, { numericValue?: number; details?: { items?: Record<string, number>[] } }> };
  const value = (id: string) => report.audits[id]?.numericValue ?? NaN;
  return {
    dcl: report.audits.metrics?.details?.items?.[0]?.observedDomContentLoaded ?? NaN,
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    cls: value('cumulative-layout-shift'),
    tbt: value('total-blocking-time'),
    tti: value('interactive'),
    bytes: value('total-byte-weight'),
  };
}

interface Profile {
  name: 'mobile' | 'desktop';
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  network: { latency: number; downloadThroughput: number; uploadThroughput: number } | null;
  cpu: number;
}

const PROFILES: Profile[] = [
  {
    name: 'mobile',
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    mobile: true,
    network: { latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 },
    cpu: 4,
  },
  { name: 'desktop', viewport: { width: 1350, height: 940 }, deviceScaleFactor: 1, mobile: false, network: null, cpu: 1 },
];

interface Sample {
  bytes: number;
  widgetBytes: number;
  apiCalls: number;
  mediaBytes: number;
  sessions: number;
  dcl: number;
  main: number;
  tbt: number;
  cls: number;
  lcp: number;
  afterScroll?: { sessions: number; events: string[]; mediaBytes: number; videoBytes: number };
}

const OBSERVERS = `
  window.__cls = 0; window.__lcp = 0; window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

/** Every response's transferred bytes by URL path, from the DevTools protocol (what the network really carried). */
function trackBytes(cdp: CDPSession) {
  const urls = new Map<string, { path: string; method: string }>();
  const done: { path: string; method: string; bytes: number }[] = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, { path: new URL(e.request.url).pathname, method: e.request.method }));
  cdp.on('Network.loadingFinished', (e) => {
    const request = urls.get(e.requestId);
    if (request) done.push({ ...request, bytes: e.encodedDataLength });
  });
  return done;
}

const isWidget = (path: string) => path.startsWith('/widget/') || path === '/embed.js';
const isMedia = (path: string) => path.startsWith('/demo/media/') || path.startsWith('/media/');
const sum = (list: { bytes: number }[]) => list.reduce((a, b) => a + b.bytes, 0);

async function quiet(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function measure(browser: Browser, url: string, profile: Profile, variant: Variant): Promise<Sample> {
  const context = await browser.newContext({ viewport: profile.viewport, deviceScaleFactor: profile.deviceScaleFactor, isMobile: profile.mobile });
  await context.addInitScript(OBSERVERS);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const responses = trackBytes(cdp);
  await page.goto(`${url}/demo/?v=${variant}`, { waitUntil: 'load', timeout: 120_000 });
  await quiet(page);
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const taskSeconds = metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const w = window as unknown as { __cls: number; __lcp: number; __long: [number, number][] };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const tbt = w.__long.filter(([start]) => start >= fcp).reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
    return { dcl: nav.domContentLoadedEventEnd, cls: w.__cls, lcp: w.__lcp, tbt };
  });
  const before = [...responses];
  const sample: Sample = {
    bytes: sum(before),
    widgetBytes: sum(before.filter((r) => isWidget(r.path))),
    apiCalls: before.filter((r) => r.path.startsWith('/api/')).length,
    mediaBytes: sum(before.filter((r) => isMedia(r.path))),
    sessions: before.filter((r) => r.method === 'POST' && r.path === '/api/v1/sessions').length,
    dcl: timings.dcl,
    main: taskSeconds * 1000,
    tbt: timings.tbt,
    cls: timings.cls,
    lcp: timings.lcp,
  };
  if (variant === 'with') {
    const events: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/events') {
        for (const event of (JSON.parse(request.postData() ?? '{}') as { events?: { type: string }[] }).events ?? []) events.push(event.type);
      }
    });
    await page.locator('#reelback-inline').scrollIntoViewIfNeeded();
    await page.locator('#reelback-inline').getByRole('heading').first().waitFor({ timeout: 60_000 });
    await page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/events', { timeout: 60_000 }).catch(() => undefined);
    await quiet(page);
    const after = responses.slice(before.length);
    sample.afterScroll = {
      sessions: after.filter((r) => r.method === 'POST' && r.path === '/api/v1/sessions').length,
      events,
      mediaBytes: sum(after.filter((r) => isMedia(r.path))),
      videoBytes: sum(after.filter((r) => r.path.endsWith('.mp4'))),
    };
  }
  await context.close();
  return sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await buildServer();
const server = await startReelbackServer();
const proxy = await startVariantProxy(server.url);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const results: Record<string, Record<string, Sample[]>> = {};
const lighthouseResults: Record<string, LighthouseFigures[]> = {};
try {
  if (lighthouseCli) {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      for (let run = 0; run < lighthouseRuns; run++) {
        for (const variant of ['with', 'without'] as const) {
          (lighthouseResults[`${formFactor} ${variant}`] ??= []).push(await lighthouse(lighthouseCli, `${proxy.url}/demo/?v=${variant}`, formFactor));
        }
      }
    }
  }
  for (const profile of PROFILES) {
    results[profile.name] = {};
    for (let run = 0; run < runs; run++) {
      // Alternate the order, so neither form always runs on a warmer machine.
      for (const variant of run % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        (results[profile.name]![variant] ??= []).push(await measure(browser, proxy.url, profile, variant));
      }
    }
  }
} finally {
  await browser.close();
  proxy.server.close();
  await server.stop();
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
console.log(`host-page: median of ${runs} runs each (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
for (const [profile, byVariant] of Object.entries(results)) {
  console.log(`\n${profile}`);
  console.log('variant   bytes      widget     api  media     sessions  DCL ms   main ms  TBT ms  CLS     LCP ms');
  for (const [variant, samples] of Object.entries(byVariant)) {
    const m = (pick: (s: Sample) => number) => median(samples.map(pick));
    console.log(
      `${variant.padEnd(10)} ${kb(m((s) => s.bytes)).padEnd(10)} ${kb(m((s) => s.widgetBytes)).padEnd(10)} ${String(m((s) => s.apiCalls)).padEnd(4)} ${kb(m((s) => s.mediaBytes)).padEnd(9)} ${String(m((s) => s.sessions)).padEnd(9)} ${m((s) => s.dcl).toFixed(0).padEnd(8)} ${m((s) => s.main).toFixed(0).padEnd(8)} ${m((s) => s.tbt).toFixed(0).padEnd(7)} ${m((s) => s.cls).toFixed(3).padEnd(7)} ${m((s) => s.lcp).toFixed(0)}`,
    );
  }
  const scrolled = byVariant.with?.map((s) => s.afterScroll);
  if (scrolled?.length) {
    const last = scrolled[scrolled.length - 1]!;
    console.log(`with, after scrolling to the player: sessions ${last.sessions}, events [${last.events.join(', ')}], media ${kb(last.mediaBytes)} (video ${kb(last.videoBytes)})`);
  }
  const dclGap = median(byVariant.with!.map((s) => s.dcl)) - median(byVariant.without!.map((s) => s.dcl));
  console.log(`DOMContentLoaded, with − without: ${dclGap.toFixed(0)} ms (target ≤ 50 on mobile)`);
}
if (lighthouseCli) {
  console.log(`\nLighthouse (median of ${lighthouseRuns}): DCL (observed), FCP, LCP, TBT, TTI in ms; CLS; bytes`);
  for (const [name, samples] of Object.entries(lighthouseResults)) {
    const m = (pick: (s: LighthouseFigures) => number) => median(samples.map(pick));
    console.log(
      `${name.padEnd(16)} DCL ${m((s) => s.dcl).toFixed(0)}  FCP ${m((s) => s.fcp).toFixed(0)}  LCP ${m((s) => s.lcp).toFixed(0)}  TBT ${m((s) => s.tbt).toFixed(0)}  TTI ${m((s) => s.tti).toFixed(0)}  CLS ${m((s) => s.cls).toFixed(3)}  ${kb(m((s) => s.bytes))}`,
    );
  }
}
console.log(JSON.stringify({ benchmark: 'host-page', runs, results, lighthouse: lighthouseResults }));
