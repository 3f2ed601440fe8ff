import { html } from 'lit';

/** A snippet as `flows/snippets.ts` makes it (handed over by the `<rb-studio>` shell, so no module is shared). */
export interface StudioSnippet {
  id: string;
  title: string;
  description: string;
  code: string;
}

/**
 * The studio's share and embed panel: the share link, and the variables and themed-bubble snippets made from the
 * draft (the link serves the published version; publish first). The flow page has every embed code with Copy.
 */
export function sharePanel(snippets: StudioSnippet[], flowHref: string) {
  return html`<section class="share" aria-labelledby="share-title">
    <h2 id="share-title">Share and embed</h2>
    ${snippets.map(
      (s) => html`<h3 id="share-${s.id}">${s.title}</h3>
        <p class="muted">${s.description}</p>
        <pre tabindex="0" aria-labelledby="share-${s.id}"><code>${s.code}</code></pre>`,
    )}
    <p><a href=${flowHref}>Every embed code, with Copy</a></p>
  </section>`;
}
