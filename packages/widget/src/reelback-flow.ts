// The player bundle's entry: `<script type="module" src="…/widget/reelback-flow.js">` defines <reelback-flow>.
import { defineReelbackFlow } from './components/flow/flow.component.js';

defineReelbackFlow();

export { ReelbackFlow, defineReelbackFlow, type FlowPreview } from './components/flow/flow.component.js';
