import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { VIDEO_PROGRESS_MARKS } from '@reelback/shared/event-types';
import { LocaleController } from '../../util/i18n/locale.controller.js';
import { isCrossOrigin } from '../../util/urls.js';
import { mutedIcon, pauseIcon, playIcon, soundIcon } from './icons.js';
import { prefersSmallRendition } from './rendition.js';
import { promptVideoStyles } from './prompt-video.styles.js';

/** A WebVTT captions track (its `src` already resolved: absolute, or relative to the page). */
export interface CaptionSource {
  src: string;
  /** Default: `en`. */
  srclang?: string;
  /** Default: `English`. */
  label?: string;
}

/** A progress mark the video reached: 25, 50, 75 or 100 (%). */
export type VideoProgressMark = (typeof VIDEO_PROGRESS_MARKS)[number];

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * A step's prompt video: the `<video>` with its poster and caption tracks (the first shown by default),
 * a big "Play video" button over the poster, and a bar with play/pause, progress and mute. It plays;
 * it does not report anywhere: it tells the element around it what happened (typed DOM events) and that
 * element acts (`<reelback-flow>` turns progress into `reelback.video.progressed` CloudEvents).
 * When the big button is pressed, focus moves to the play/pause control so keyboard users keep their place.
 *
 * @tag reelback-prompt-video
 *
 * @attr src - The video's URL (the 1280 rendition of a library video).
 * @attr small - A smaller rendition's URL (640), played instead on a small screen (`max-width: 640px`) or a
 *   constrained network (`navigator.connection`: save-data, or 2G/3G where the browser says). Chosen once, before
 *   playing starts, and kept: the video never switches files mid-play.
 * @attr poster - The poster image's URL.
 * @attr preload - The `<video>`'s preload: `none` (default: no bytes before play) or `metadata`.
 * @attr autoplay - Start playing when first shown (read once, at the first render), unless the viewer
 *   prefers reduced motion. The `<video>` itself never gets `autoplay`.
 *
 * @prop {CaptionSource[]} captions - The caption tracks (`{ src, srclang = 'en', label = 'English' }`).
 *   The video gets `crossorigin="anonymous"` when it or a track comes from another origin.
 *
 * @fires reelback-video-play - The viewer pressed play: the big button, the play/pause control or the
 *   video itself (`detail: null`). Not fired when the video starts by itself.
 * @fires reelback-video-progress - The video reached a mark, once each per element, in order
 *   (`detail: { percent: 25 | 50 | 75 | 100 }`; the end of the video reaches 100).
 * @fires reelback-video-ended - The video played to its end (`detail: null`).
 *
 * All three bubble but are not composed: they stay inside the shadow root of the element that holds the video.
 *
 * @csspart media - The box around the video and its controls.
 * @csspart video - The `<video>` element.
 * @csspart play-button - The big play button over the poster.
 * @csspart controls - The bar under the video.
 * @csspart control - Each button in the controls bar (also `play-toggle`, `mute`).
 * @csspart play-toggle - The play/pause button.
 * @csspart mute - The mute button.
 * @csspart progress - The video's progress bar.
 *
 * @cssproperty [--reelback-video-radius=var(--reelback-radius, 12px)] - Corner radius of the video.
 * @cssproperty [--reelback-video-background=#000] - Behind the video (letterboxing).
 * @cssproperty [--reelback-video-aspect-ratio=16 / 9] - The video box's shape.
 * @cssproperty [--reelback-video-fit=contain] - How the video fills its box.
 * @cssproperty [--reelback-play-button-size=72px] - The big play button's size.
 * @cssproperty [--reelback-play-button-background=var(--reelback-accent, #4f46e5)] - The big play button's color.
 * @cssproperty [--reelback-accent-contrast=#fff] - The big play button's icon color.
 * @cssproperty [--reelback-controls-background=rgb(0 0 0 / 0.72)] - The controls bar's background.
 * @cssproperty [--reelback-controls-color=#fff] - The controls' icon color.
 * @cssproperty [--reelback-controls-gap=8px] - Space between the controls.
 * @cssproperty [--reelback-controls-padding=6px 8px] - The controls bar's padding.
 * @cssproperty [--reelback-control-radius=6px] - Corner radius of each control.
 * @cssproperty [--reelback-progress-height=4px] - The progress bar's thickness.
 * @cssproperty [--reelback-progress-track=rgb(255 255 255 / 0.3)] - The progress bar's empty part.
 * @cssproperty [--reelback-progress-color=var(--reelback-accent, #4f46e5)] - The progress bar's fill.
 * @cssproperty [--reelback-focus-ring-on-video=#fff] - The focus outline's color on the video's buttons.
 * @cssproperty [--reelback-transition-duration=150ms] - Hover and progress transitions (none under reduced motion).
 */
export class ReelbackPromptVideo extends LitElement {
  static override styles = promptVideoStyles;

  static override properties = {
    src: {},
    small: {},
    poster: {},
    preload: {},
    autoplay: { type: Boolean },
    captions: { attribute: false },
    _started: { state: true },
    _playing: { state: true },
    _muted: { state: true },
    _percent: { state: true },
  };

  declare src: string | undefined;
  declare small: string | undefined;
  declare poster: string | undefined;
  declare preload: 'none' | 'metadata';
  declare autoplay: boolean;
  declare captions: CaptionSource[];

  declare private _started: boolean;
  declare private _playing: boolean;
  declare private _muted: boolean;
  declare private _percent: number;

  /** The marks already reported by this element. */
  private readonly _marks = new Set<VideoProgressMark>();
  /** Its words follow the nearest `lang` (inside a flow: the flow's language) or its own `locale` attribute. */
  private readonly _l = new LocaleController(this);
  /** The file playing: `src` or `small`, chosen before playing starts. */
  private _source = '';

  constructor() {
    super();
    this.src = undefined;
    this.small = undefined;
    this.poster = undefined;
    this.preload = 'none';
    this.autoplay = false;
    this.captions = [];
    this._started = false;
    this._playing = false;
    this._muted = false;
    this._percent = 0;
  }

  /** The file it plays: `src`, or `small` on a small screen or a constrained network. */
  get source(): string {
    return this._source;
  }

  /** Pauses the video (the bubble does when its panel closes). */
  pause(): void {
    this._video?.pause();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._video?.pause();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Until it plays, a new source is taken; once it has, the file stays (a resize never swaps it mid-play).
    if ((changed.has('src') || changed.has('small')) && !this._started) {
      this._source = (this.small && prefersSmallRendition() ? this.small : this.src) ?? '';
    }
  }

  protected override firstUpdated(): void {
    if (this.autoplay && !reducedMotion()) this._video?.play().catch(() => undefined);
  }

  private get _video(): HTMLVideoElement | null {
    return this.renderRoot?.querySelector('video') ?? null;
  }

  private _emit<K extends keyof PromptVideoEventMap>(type: K, detail: PromptVideoEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  private _play(): void {
    this._emit('reelback-video-play', null);
    const video = this._video;
    if (!video) return;
    if (video.ended) video.currentTime = 0;
    video.play().catch(() => undefined);
  }

  /** The big button goes away once playback starts: keyboard users keep their place on the play/pause control. */
  private _playFromPoster(): void {
    this._play();
    this.renderRoot.querySelector<HTMLElement>('[part~="play-toggle"]')?.focus();
  }

  private _togglePlay(): void {
    const video = this._video;
    if (!video) return;
    if (video.paused) this._play();
    else video.pause();
  }

  private _toggleMute(): void {
    const video = this._video;
    if (video) video.muted = !video.muted;
  }

  private _progress(percent: number): void {
    this._percent = percent;
    for (const mark of VIDEO_PROGRESS_MARKS) {
      if (percent < mark || this._marks.has(mark)) continue;
      this._marks.add(mark);
      this._emit('reelback-video-progress', { percent: mark });
    }
  }

  private _onTimeUpdate(event: Event): void {
    const video = event.currentTarget as HTMLVideoElement;
    if (!Number.isFinite(video.duration) || video.duration <= 0) return;
    this._progress(Math.min(100, (video.currentTime / video.duration) * 100));
  }

  private _onEnded(): void {
    this._playing = false;
    this._progress(100);
    this._emit('reelback-video-ended', null);
  }

  protected override render(): TemplateResult {
    const { t } = this._l;
    const src = this._source;
    const captions = this.captions ?? [];
    const needsCors = isCrossOrigin(src) || captions.some((c) => isCrossOrigin(c.src));
    const percent = Math.round(this._percent);
    return html`<div class="media" part="media">
      <video
        part="video"
        playsinline
        preload=${this.preload === 'metadata' ? 'metadata' : 'none'}
        src=${src}
        poster=${this.poster || nothing}
        crossorigin=${needsCors ? 'anonymous' : nothing}
        @click=${this._togglePlay}
        @play=${() => ((this._started = true), (this._playing = true))}
        @pause=${() => (this._playing = false)}
        @ended=${this._onEnded}
        @timeupdate=${this._onTimeUpdate}
        @volumechange=${(e: Event) => (this._muted = (e.currentTarget as HTMLVideoElement).muted)}
      >
        ${captions.map(
          (track, i) =>
            html`<track kind="captions" src=${track.src} srclang=${track.srclang ?? 'en'} label=${track.label ?? 'English'} ?default=${i === 0} />`,
        )}
      </video>
      ${this._started
        ? nothing
        : html`<button class="play-button" part="play-button" type="button" aria-label=${t('playVideo')} @click=${this._playFromPoster}>
            ${playIcon}
          </button>`}
      <div class="controls" part="controls">
        <button class="control" part="control play-toggle" type="button" aria-label=${t(this._playing ? 'pause' : 'play')} @click=${this._togglePlay}>
          ${this._playing ? pauseIcon : playIcon}
        </button>
        <div
          class="progress"
          part="progress"
          role="progressbar"
          aria-label=${t('progress')}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${percent}
        >
          <div style="width:${percent}%"></div>
        </div>
        <button class="control" part="control mute" type="button" aria-label=${t('mute')} aria-pressed=${this._muted ? 'true' : 'false'} @click=${this._toggleMute}>
          ${this._muted ? mutedIcon : soundIcon}
        </button>
      </div>
    </div>`;
  }
}

/** The events `<reelback-prompt-video>` dispatches (typed in `GlobalEventHandlersEventMap`). */
export interface PromptVideoEventMap {
  'reelback-video-play': CustomEvent<null>;
  'reelback-video-progress': CustomEvent<{ percent: VideoProgressMark }>;
  'reelback-video-ended': CustomEvent<null>;
}

/** Registers `<reelback-prompt-video>` unless this page already has one (a second copy of the bundle is harmless). */
export function defineReelbackPromptVideo(tagName = 'reelback-prompt-video'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, ReelbackPromptVideo);
}

declare global {
  interface HTMLElementTagNameMap {
    'reelback-prompt-video': ReelbackPromptVideo;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends PromptVideoEventMap {}
}
