#!/usr/bin/env node
// `reelback` as a package bin: the CLI is TypeScript run from source, so register tsx first
// (the same loader `npm start` uses), then run it. `npm run reelback -- …` at the root does the same.
import { register } from 'tsx/esm/api';

register();
await import('./reelback.ts');
