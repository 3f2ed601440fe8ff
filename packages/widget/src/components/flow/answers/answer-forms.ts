// The answer forms a flow's first step seldom shows, a chunk of their own (see lazy-forms.ts): the contact form, the
// call to action, and the rating/NPS scale.
export { renderContact } from './contact-answer.js';
export { renderCta } from './cta-answer.js';
export { renderScale } from './scale-answer.js';
