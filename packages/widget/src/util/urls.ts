/** Strips a trailing slash so `http://host/` and `http://host` name the same endpoint. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

/**
 * Where the API lives when no `endpoint` is given: the origin this module was loaded from
 * (the Reelback server that serves `/widget/*`), else the page's origin.
 */
export function defaultEndpoint(moduleUrl: string | undefined): string {
  try {
    if (moduleUrl) {
      const { origin, protocol } = new URL(moduleUrl);
      if (protocol === 'http:' || protocol === 'https:') return origin;
    }
  } catch {
    // not a URL: fall through
  }
  return location.origin;
}

/** Resolves a media path from a flow (e.g. `/media/a.mp4`) against the API endpoint that served the flow. */
export function mediaUrl(src: string, endpoint: string): string {
  try {
    return new URL(src, endpoint + '/').href;
  } catch {
    return src;
  }
}

/** Whether a URL lives on another origin than the page (media then needs `crossorigin` for its captions). */
export function isCrossOrigin(url: string): boolean {
  try {
    return new URL(url, location.href).origin !== location.origin;
  } catch {
    return false;
  }
}

/**
 * A link a viewer may follow: an absolute http(s) URL, or a path on the host page's own origin.
 * Anything else (`javascript:`, `data:`, `//evil.example`, `/\evil.example`) gives `null`.
 */
export function safeLinkUrl(url: string): string | null {
  const value = url.trim();
  if (/^https?:\/\//i.test(value)) {
    try {
      return new URL(value).href;
    } catch {
      return null;
    }
  }
  if (/^\/(?![/\\])/.test(value)) {
    try {
      const resolved = new URL(value, location.href);
      return resolved.origin === location.origin ? resolved.href : null;
    } catch {
      return null;
    }
  }
  return null;
}
