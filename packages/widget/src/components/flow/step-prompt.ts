import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Prompt, PromptImage, PromptVideo } from '@reelback/shared';
import type { Translate } from '../../util/i18n/catalogue.js';
import { mediaUrl } from '../../util/urls.js';
import { constrainedNetwork, SMALL_SCREEN_QUERY } from '../prompt-video/rendition.js';

/** What a step's prompt needs from the player: its words filled in, where media lives, and how this visit plays. */
export interface PromptContext {
  /** The heading: the prompt's title with the session's variables filled in (else the flow's name). */
  title: string;
  /** The prompt's text, filled in likewise: plain text, rendered as text (so escaped), never as HTML. */
  text: string;
  /** The API base the flow came from: media paths resolve against it. */
  endpoint: string;
  /** The viewer's language. */
  t: Translate;
  /** The step's visit: each gets a fresh video player. */
  visit: number;
  /** `none`: no video bytes before play; `metadata`: the host page opted in to a preload (on a fast network). */
  preload: 'none' | 'metadata';
  /** The video may start by itself (the viewer pressed play on an earlier step). */
  autoplay: boolean;
  /** The viewer pressed play. */
  played(): void;
  /** The video reached a progress mark (25, 50, 75, 100 %). */
  progressed(percent: number): void;
  /**
   * While the viewer records an answer the video steps aside: `small` (a thumbnail they can still replay, so the
   * recorder's controls stay in view), or `large` when they asked for it back; null when not recording.
   */
  compact: 'small' | 'large' | null;
  /** The viewer pressed the button that enlarges or shrinks the thumbnail. */
  toggleCompact(): void;
}

/**
 * The step's video player, a fresh one for each visit. It asks, the player acts: a press on play lets later steps
 * start by themselves (the video still holds back under reduced motion), and each progress mark it reaches becomes
 * a `reelback.video.progressed` event.
 */
function renderVideo(video: PromptVideo, ctx: PromptContext): unknown {
  const { endpoint } = ctx;
  return keyed(
    ctx.visit,
    html`<reelback-prompt-video
      exportparts="media, video, play-button, controls, control, play-toggle, mute, progress"
      src=${mediaUrl(video.src, endpoint)}
      small=${video.small ? mediaUrl(video.small, endpoint) : nothing}
      poster=${video.poster ? mediaUrl(video.poster, endpoint) : nothing}
      .captions=${(video.captions ?? []).map((track) => ({ ...track, src: mediaUrl(track.src, endpoint) }))}
      preload=${ctx.preload}
      ?autoplay=${ctx.autoplay}
      @reelback-video-play=${() => ctx.played()}
      @reelback-video-progress=${(event: CustomEvent<{ percent: number }>) => ctx.progressed(event.detail.percent)}
    ></reelback-prompt-video>`,
  );
}

/**
 * A prompt's picture. With both renditions the browser picks by the player's width and the screen's density
 * (`srcset`, `sizes`); on a constrained network (save-data, 2G/3G) only the small one is offered.
 */
function renderImage(image: PromptImage, endpoint: string): TemplateResult {
  const large = mediaUrl(image.src, endpoint);
  const small = image.small ? mediaUrl(image.small, endpoint) : undefined;
  const lean = small !== undefined && constrainedNetwork();
  return html`<img
    class="prompt-image"
    part="prompt-image"
    src=${lean ? small : large}
    srcset=${small && !lean ? `${small} 640w, ${large} 1280w` : nothing}
    sizes=${small && !lean ? `${SMALL_SCREEN_QUERY} 100vw, 640px` : nothing}
    alt=${image.alt ?? ''}
    decoding="async"
  />`;
}

/** The step's video, as a thumbnail with a button to enlarge it (and shrink it back) while the viewer records. */
function renderCompactVideo(video: PromptVideo, ctx: PromptContext): TemplateResult {
  const large = ctx.compact === 'large';
  return html`<div class="prompt-media ${large ? 'large' : 'small'}" part="prompt-media">
    ${renderVideo(video, ctx)}
    <button class="button choice resize" part="resize" type="button" aria-pressed=${large ? 'true' : 'false'} @click=${() => ctx.toggleCompact()}>
      ${ctx.t('largerVideo')}
    </button>
  </div>`;
}

/** What the step shows before it asks: its media (a video, a sound or a picture), its heading (focused on arrival) and its text. */
export function renderPrompt(prompt: Prompt, ctx: PromptContext): TemplateResult {
  const video = prompt.video && (ctx.compact ? renderCompactVideo(prompt.video, ctx) : renderVideo(prompt.video, ctx));
  return html`
    ${video ?? (prompt.image && !ctx.compact ? renderImage(prompt.image, ctx.endpoint) : nothing)}
    <h2 part="title" id="title" tabindex="-1">${ctx.title}</h2>
    ${prompt.text ? html`<p class="text" part="text">${ctx.text}</p>` : nothing}
  `;
}
