import { describeViewerPath } from './engines/viewer-path.js';

// The viewer's whole path in Chromium (engines/viewer-path.ts).
describeViewerPath('chromium');
