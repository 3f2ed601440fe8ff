import { describeViewerPath } from './engines/viewer-path.js';

// The viewer's whole path in WebKitGTK (MiniBrowser under Xvfb) (engines/viewer-path.ts).
describeViewerPath('webkit');
