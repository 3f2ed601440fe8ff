import { randomBytes } from 'node:crypto';

/** A readable id from the flow's name plus a random tail, e.g. `pricing-survey-k3x9qa`. */
export function makeFlowId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const tail = randomBytes(6).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
  return slug ? `${slug}-${tail}` : `flow-${tail}`;
}
