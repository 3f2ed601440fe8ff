import { describeViewerPath } from './engines/viewer-path.js';

// The viewer's whole path in Firefox ESR (WebDriver BiDi) (engines/viewer-path.ts).
describeViewerPath('firefox');
