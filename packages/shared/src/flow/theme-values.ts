// A flow's theme, zod-free: the widget bundles this to turn a theme into its CSS custom properties, checking each
// value again (what it was served passed the server's schema, but the element should never write a value it would
// not accept from the studio).

/** Font stacks a theme may pick: fonts every system has (or falls back from), never a web font to fetch. */
export const THEME_FONTS = {
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  humanist: "'Segoe UI', Candara, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  rounded: "ui-rounded, 'SF Pro Rounded', 'Arial Rounded MT Bold', system-ui, sans-serif",
  serif: "Charter, 'Bitstream Charter', Georgia, Cambria, 'Times New Roman', serif",
  mono: "ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
} as const;
export type ThemeFont = keyof typeof THEME_FONTS;
export const THEME_FONT_NAMES = Object.keys(THEME_FONTS) as [ThemeFont, ...ThemeFont[]];

export const THEME_POSITIONS = ['right', 'left'] as const;
export const MAX_THEME_RADIUS = 32;
export const MAX_THEME_LABEL = 40;

/** What a flow's `theme` holds (every field optional: the widget's defaults apply). */
export interface ThemeValues {
  /** Buttons, focus rings, the bubble: `#rgb`, `#rrggbb` (with alpha too) or `rgb(r, g, b)` / `rgba(r, g, b, a)`. */
  accent?: string;
  /** The player's background. */
  background?: string;
  font?: ThemeFont;
  /** Corner radius in pixels, 0–32. */
  radius?: number;
  /** The bubble's corner. */
  position?: (typeof THEME_POSITIONS)[number];
  /** The bubble launcher's accessible name (and its tooltip), up to 40 characters. */
  label?: string;
  /** An image for the bubble's launcher instead of the camera icon: an http(s) URL or a path. */
  avatar?: string;
}

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*(0|1|0?\.\d{1,3}|1\.0{1,3})\s*)?\)$/i;

/** A colour the theme may use: hex, or rgb()/rgba() with channels 0–255. Nothing else reaches CSS. */
export function isThemeColour(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (HEX.test(value)) return true;
  const m = RGB.exec(value);
  return !!m && [m[1], m[2], m[3]].every((c) => Number(c) <= 255);
}

/** The colour's red, green and blue (0–255), for contrast. */
function channels(colour: string): [number, number, number] {
  if (colour.startsWith('#')) {
    const hex = colour.length <= 5 ? [...colour.slice(1, 4)].map((c) => c + c).join('') : colour.slice(1, 7);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  }
  const m = RGB.exec(colour)!;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Text on `colour`: near-black or white, whichever contrasts more (WCAG relative luminance). */
export function contrastText(colour: string): string {
  const [r, g, b] = channels(colour).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with #111 (L ≈ 0.0056) it is (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? '#fff' : '#111';
}

/**
 * The widget's CSS custom properties for a theme: `--reelback-accent` (and `--reelback-accent-contrast` for text on
 * it), `--reelback-background` (and `--reelback-color` / `--reelback-muted-color`, readable on it), `--reelback-font`, `--reelback-radius`. Values that fail their check are left out.
 */
export function themeProperties(theme: ThemeValues | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!theme) return out;
  if (isThemeColour(theme.accent)) {
    out['--reelback-accent'] = theme.accent;
    out['--reelback-accent-contrast'] = contrastText(theme.accent);
  }
  if (isThemeColour(theme.background)) {
    out['--reelback-background'] = theme.background;
    const text = contrastText(theme.background);
    out['--reelback-color'] = text;
    // Hints and score labels: a softer shade that still reads on this background.
    out['--reelback-muted-color'] = text === '#fff' ? '#c9ccd6' : '#56565f';
  }
  if (typeof theme.font === 'string' && Object.prototype.hasOwnProperty.call(THEME_FONTS, theme.font)) out['--reelback-font'] = THEME_FONTS[theme.font];
  if (typeof theme.radius === 'number' && Number.isInteger(theme.radius) && theme.radius >= 0 && theme.radius <= MAX_THEME_RADIUS) {
    out['--reelback-radius'] = `${theme.radius}px`;
  }
  return out;
}
