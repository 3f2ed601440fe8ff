import { css, html, LitElement, nothing } from 'lit';
import { MAX_THEME_RADIUS, THEME_FONT_NAMES, type FlowDefinition, type FlowProblem, type FlowTheme } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { type FieldContext, selectField, setOptional, textField } from './form-fields.js';
import { tell } from './media-library/media-events.js';
import { safeImageUrl } from './media-library/media-words.js';
import { panelStyles } from './panel.styles.js';
import { request } from './studio-events.js';

const FONT_LABELS: Record<(typeof THEME_FONT_NAMES)[number], string> = {
  system: 'System (sans-serif)',
  humanist: 'Humanist sans-serif',
  rounded: 'Rounded',
  serif: 'Serif',
  mono: 'Monospace',
};

/** `#rrggbb` for the colour picker when the value is one (the picker knows no other form). */
const pickable = (value: string | undefined): string => (value && /^#[0-9a-f]{6}$/i.test(value) ? value : '#000000');

/**
 * The flow's theme (`theme` in the definition): accent and background colours (typed as hex or rgb(), or picked),
 * font, corner radius, and the bubble's corner, label and avatar (an image URL, or *Use a frame of a prompt video…*:
 * the library dialog makes a picture of a video's frame). The preview plays the draft, so a change shows
 * there once edits pause; a value the schema refuses is pinned under the panel (and holds the save, like any
 * invalid field). Asks with `rb-flow-edit-request`; read-only for managers.
 *
 * @tag rb-theme-panel
 */
export class RbThemePanel extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      .avatar {
        align-items: center;
      }
      .avatar-now {
        width: 48px;
        height: 48px;
        border-radius: 50%;
        object-fit: cover;
      }
    `,
  ];

  static override properties = {
    flow: { attribute: false },
    problems: { attribute: false },
    readonly: { type: Boolean },
  };

  declare flow: FlowDefinition | null;
  declare problems: FlowProblem[];
  declare readonly: boolean;

  constructor() {
    super();
    this.flow = null;
    this.problems = [];
    this.readonly = false;
  }

  private set<K extends keyof FlowTheme>(key: K, value: FlowTheme[K] | '' | undefined, typing: boolean): void {
    const flow = this.flow;
    if (this.readonly || !flow) return;
    const theme = setOptional(flow.theme ?? {}, key, value);
    const next = setOptional(flow, 'theme', Object.keys(theme).length ? theme : undefined);
    request(this, 'rb-flow-edit-request', { flow: next, key: typing ? `theme.${key}` : null });
  }

  private colour(ctx: FieldContext, key: 'accent' | 'background', label: string, value: string | undefined) {
    return html`<div class="inline">
      ${textField(ctx, `theme-${key}`, label, value, (v) => this.set(key, v.trim(), true), { hint: 'Hex (#4f46e5) or rgb(79, 70, 229); empty: the default' })}
      <div class="field">
        <label for="${ctx.idPrefix}-theme-${key}-pick">Pick</label>
        <input
          id="${ctx.idPrefix}-theme-${key}-pick"
          type="color"
          .value=${pickable(value)}
          ?disabled=${ctx.readonly}
          @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).value, false)}
        />
      </div>
    </div>`;
  }

  override render() {
    const theme = this.flow?.theme ?? {};
    const ctx: FieldContext = { readonly: this.readonly, idPrefix: 'flow' };
    const pinned = this.problems.filter((p) => p.path[0] === 'theme');
    return html`<fieldset>
      <legend>Theme</legend>
      ${pinned.length
        ? html`<ul class="problems" aria-label="Problems of the theme">
            ${pinned.map((p) => html`<li>${p.message} <code>${p.path.join('.')}</code></li>`)}
          </ul>`
        : nothing}
      ${this.colour(ctx, 'accent', 'Accent colour', theme.accent)} ${this.colour(ctx, 'background', 'Background colour', theme.background)}
      ${selectField(ctx, 'theme-font', 'Font', theme.font ?? '', [{ value: '', label: 'Default' }, ...THEME_FONT_NAMES.map((f) => ({ value: f, label: FONT_LABELS[f] }))], (v) =>
        this.set('font', v || undefined, false),
      )}
      <div class="field">
        <label for="flow-theme-radius">Corner radius (px, 0–${MAX_THEME_RADIUS})</label>
        <input
          id="flow-theme-radius"
          type="number"
          min="0"
          max=${MAX_THEME_RADIUS}
          .value=${theme.radius === undefined ? '' : String(theme.radius)}
          ?readonly=${ctx.readonly}
          @input=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            this.set('radius', input.value === '' ? undefined : input.valueAsNumber, true);
          }}
        />
      </div>
      ${selectField(ctx, 'theme-position', 'Bubble position', theme.position ?? '', [
        { value: '', label: 'Default (bottom right)' },
        { value: 'right', label: 'Bottom right' },
        { value: 'left', label: 'Bottom left' },
      ], (v) => this.set('position', (v || undefined) as FlowTheme['position'], false))}
      ${textField(ctx, 'theme-label', 'Bubble label', theme.label, (v) => this.set('label', v, true), { hint: 'What the launcher says to screen readers, up to 40 characters' })}
      ${textField(ctx, 'theme-avatar', 'Bubble avatar image URL', theme.avatar, (v) => this.set('avatar', v.trim(), true), { type: 'url', hint: 'Shown on the launcher instead of the camera icon' })}
      <div class="inline avatar">
        ${safeImageUrl(theme.avatar) ? html`<img class="avatar-now" src=${theme.avatar!} alt="The avatar now" />` : nothing}
        ${this.readonly
          ? nothing
          : html`<button class="button quiet" type="button" data-action="avatar-frame" @click=${() => tell(this, 'rb-media-library-request', { purpose: 'avatar' })}>
              Use a frame of a prompt video…
            </button>`}
      </div>
    </fieldset>`;
  }
}

export function defineRbThemePanel(tagName = 'rb-theme-panel'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbThemePanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-theme-panel': RbThemePanel;
  }
}
