// The bubble bundle's entry: defines <reelback-bubble>; the player follows only when it is opened.
import { defineReelbackBubble } from './components/bubble/bubble.component.js';

defineReelbackBubble();

export { ReelbackBubble, defineReelbackBubble } from './components/bubble/bubble.component.js';
