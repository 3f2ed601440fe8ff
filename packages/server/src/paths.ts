import { fileURLToPath } from 'node:url';

/** Repository folders, found from this file rather than the working directory, so any cwd works. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const defaultWidgetDist = fileURLToPath(new URL('../../widget/dist/', import.meta.url));
export const defaultDashboardDist = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));
export const defaultDemoDir = fileURLToPath(new URL('../../../demo/', import.meta.url));
export const defaultDemoFlowFile = fileURLToPath(new URL('../../../demo/flow.json', import.meta.url));
