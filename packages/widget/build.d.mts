// Types for build.mjs (the e2e global setup rebuilds the widget when its sources changed; bench/size reads the metafiles).
export function buildWidget(): Promise<unknown>;
