// The player itself (Lit, <reelback-flow> and everything a step needs), a chunk of its own: the entry
// `reelback-flow.js` imports it once an element nears the viewport (boot/defer-player.ts), the bubble when opened.
import { defineReelbackFlow } from './components/flow/flow.component.js';

defineReelbackFlow();

export { ReelbackFlow, defineReelbackFlow, type FlowPreview } from './components/flow/flow.component.js';
