// What each tracker kind asks for, and the PUT body made from what was typed.
import type { RedactedTracker, TrackerKind } from './tracker-api.js';

export interface TrackerField {
  name: string;
  label: string;
  type: 'text' | 'url' | 'email' | 'secret' | 'list';
  required: boolean;
  hint?: string;
  placeholder?: string;
}

export interface TrackerKindForm {
  kind: TrackerKind;
  label: string;
  fields: TrackerField[];
}

export const TRACKER_FORMS: TrackerKindForm[] = [
  {
    kind: 'github',
    label: 'GitHub Issues',
    fields: [
      { name: 'owner', label: 'Owner (user or organisation)', type: 'text', required: true, placeholder: 'acme' },
      { name: 'repo', label: 'Repository', type: 'text', required: true, placeholder: 'feedback' },
      { name: 'token', label: 'Token', type: 'secret', required: true, hint: 'A fine-grained token with Issues: read and write on the repository.' },
      { name: 'labels', label: 'Labels', type: 'list', required: false, hint: 'Comma-separated; added to every issue.' },
    ],
  },
  {
    kind: 'jira',
    label: 'Jira',
    fields: [
      { name: 'baseUrl', label: 'Site URL', type: 'url', required: true, placeholder: 'https://acme.atlassian.net' },
      { name: 'email', label: 'Account e-mail', type: 'email', required: true },
      { name: 'apiToken', label: 'API token', type: 'secret', required: true },
      { name: 'projectKey', label: 'Project key', type: 'text', required: true, placeholder: 'FEED' },
      { name: 'issueType', label: 'Issue type', type: 'text', required: false, placeholder: 'Task', hint: 'Task when left empty.' },
    ],
  },
  {
    kind: 'linear',
    label: 'Linear',
    fields: [
      { name: 'apiKey', label: 'API key', type: 'secret', required: true },
      { name: 'teamId', label: 'Team id', type: 'text', required: true },
    ],
  },
  {
    kind: 'webhook',
    label: 'Webhook',
    fields: [
      { name: 'url', label: 'URL', type: 'url', required: true, placeholder: 'https://example.com/hooks/reelback' },
      { name: 'secret', label: 'Signing secret', type: 'secret', required: true, hint: 'whsec_ followed by base64 (Standard Webhooks).' },
    ],
  },
];

export const formOf = (kind: TrackerKind): TrackerKindForm => TRACKER_FORMS.find((f) => f.kind === kind)!;

export const secretFieldOf = (kind: TrackerKind): string => formOf(kind).fields.find((f) => f.type === 'secret')!.name;

/** The form's values for a stored configuration: secrets empty (the stored one is kept unless replaced). */
export function valuesOf(kind: TrackerKind, stored: RedactedTracker | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of formOf(kind).fields) {
    const value = stored?.kind === kind && field.type !== 'secret' ? stored[field.name] : undefined;
    values[field.name] = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
  }
  return values;
}

/**
 * The PUT body. Settings the form does not show (an API base URL, timeouts, Linear label maps) are kept from
 * the stored configuration of the same kind; the secret is sent only when a new one was typed, so the stored
 * one is kept otherwise. Required fields go as typed, even empty, so the server names what is missing.
 */
export function trackerBody(kind: TrackerKind, values: Record<string, string>, stored: RedactedTracker | null): Record<string, unknown> {
  const body: Record<string, unknown> = stored?.kind === kind ? { ...stored } : {};
  body.kind = kind;
  for (const field of formOf(kind).fields) {
    const value = (values[field.name] ?? '').trim();
    delete body[field.name];
    if (field.type === 'list') {
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      if (items.length) body[field.name] = items;
    } else if (field.type === 'secret') {
      if (value) body[field.name] = value;
    } else if (value || field.required) {
      body[field.name] = value;
    }
  }
  return body;
}
