import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FlowDefinition } from '@reelback/shared';

type ThemeCode = typeof import('@reelback/shared/theme');
let themeCode: ThemeCode | undefined;

/**
 * Loads the code that turns a theme into custom properties when the flow has a theme: a chunk of its own, since most
 * flows have none (the player does not carry it). The flow awaits it before showing a themed flow, so the first
 * paint is already themed. Never rejects: without it the flow shows in the defaults.
 */
export async function loadThemeFor(definition: FlowDefinition): Promise<void> {
  if (definition.theme && !themeCode) themeCode = await import('@reelback/shared/theme').catch(() => undefined);
}

/**
 * The flow's theme as custom properties in the element's own style (checked again by `themeProperties`: only
 * colours, a known font stack, a radius), replacing the last flow's; the bubble's part (position, label, avatar)
 * goes to whoever listens for `reelback-theme`. Applied after each render whose flow differs from the last one.
 */
export class ThemeController implements ReactiveController {
  private themed: FlowDefinition | undefined;
  private properties: string[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly definition: () => FlowDefinition | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const definition = this.definition();
    if (definition !== this.themed) this.apply(definition);
  }

  private apply(definition: FlowDefinition | undefined): void {
    const { host } = this;
    this.themed = definition;
    for (const name of this.properties) host.style.removeProperty(name);
    const props = (definition?.theme && themeCode?.themeProperties(definition.theme)) || {};
    for (const [name, value] of Object.entries(props)) host.style.setProperty(name, value);
    this.properties = Object.keys(props);
    if (definition) {
      const { position, label, avatar } = definition.theme ?? {};
      host.dispatchEvent(new CustomEvent('reelback-theme', { detail: { position, label, avatar, properties: props } }));
    }
  }
}
