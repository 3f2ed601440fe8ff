// The answer controls but the choices', a chunk of their own (see lazy-forms.ts): the contact form, the call to
// action, the rating/NPS scale and the open answer's ways (typing, the recorder's place).
export { renderContact } from './contact-answer.js';
export { renderCta } from './cta-answer.js';
export { renderScale } from './scale-answer.js';
export { renderOpen } from './open-answer.js';
