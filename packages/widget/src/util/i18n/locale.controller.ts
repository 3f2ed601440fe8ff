import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Catalogue, en } from './en.js';
import { catalogueOf, type Translate, translator } from './catalogue.js';
import { directionOf, type Locale, resolveLocale } from './locales.js';

/**
 * An element's language: resolved when it connects (and on `refresh()`), its catalogue loaded, the host asked to
 * render again once it is in. Until then `ready` is false and `t` speaks English.
 */
export class LocaleController implements ReactiveController {
  locale: Locale = 'en';
  ready = false;
  t: Translate = translator(en, 'en');
  private wanted: Locale | null = null;

  /** The language resolved (shown once its catalogue is in; the flow's own texts and the session use it). */
  get requested(): Locale {
    return this.wanted ?? this.locale;
  }

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  get dir(): 'rtl' | 'ltr' {
    return directionOf(this.locale);
  }

  hostConnected(): void {
    this.refresh();
  }

  /** Resolves the language again (the `locale` attribute or the page's `lang` changed); true when it changed. */
  refresh(): boolean {
    const locale = resolveLocale(this.host);
    if (locale === this.wanted) return false;
    this.wanted = locale;
    const found = catalogueOf(locale);
    if (!(found instanceof Promise)) this.use(locale, found);
    else {
      this.ready = false;
      void found.then((catalogue) => {
        if (this.wanted !== locale) return;
        this.use(locale, catalogue);
        this.host.requestUpdate();
      });
    }
    return true;
  }

  private use(locale: Locale, catalogue: Catalogue): void {
    // A catalogue that could not be loaded is English: speak and lay out English then.
    this.locale = catalogue === en && locale !== 'en' ? 'en' : locale;
    this.t = translator(catalogue, this.locale);
    this.ready = true;
  }
}
