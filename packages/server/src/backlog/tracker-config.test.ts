import { describe, expect, it } from 'vitest';
import { GitHubTracker } from './github-tracker.js';
import { JiraTracker } from './jira-tracker.js';
import { LinearTracker } from './linear-tracker.js';
import { createTracker, redactTrackerConfig, TrackerConfig } from './tracker-config.js';
import { WebhookTracker } from './webhook-tracker.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('TrackerConfig and createTracker', () => {
  it('makes the adapter of each kind', () => {
    expect(createTracker({ kind: 'github', owner: 'octocat', repo: 'Hello-World', token: 'ghp_x' })).toBeInstanceOf(GitHubTracker);
    expect(createTracker({ kind: 'jira', baseUrl: 'https://acme.atlassian.net', email: 'a@acme.test', apiToken: 't', projectKey: 'FEED' })).toBeInstanceOf(JiraTracker);
    expect(createTracker({ kind: 'linear', apiKey: 'lin_api_x', teamId: 'team-1' })).toBeInstanceOf(LinearTracker);
    expect(createTracker({ kind: 'webhook', url: 'https://hooks.acme.test/in', secret: SECRET })).toBeInstanceOf(WebhookTracker);
  });

  it('fills in the defaults', () => {
    expect(TrackerConfig.parse({ kind: 'github', owner: 'octocat', repo: 'Hello-World', token: 'ghp_x' })).toMatchObject({ apiBase: 'https://api.github.com' });
    expect(TrackerConfig.parse({ kind: 'jira', baseUrl: 'https://acme.atlassian.net', email: 'a@acme.test', apiToken: 't', projectKey: 'FEED' })).toMatchObject({ issueType: 'Task' });
    expect(TrackerConfig.parse({ kind: 'linear', apiKey: 'k', teamId: 't' })).toMatchObject({ tokenType: 'personal', apiUrl: 'https://api.linear.app/graphql' });
  });

  it.each([
    [{ kind: 'github', owner: 'octo cat', repo: 'r', token: 'x' }, 'owner'],
    [{ kind: 'github', owner: 'o', repo: 'r', token: '  ' }, 'token'],
    [{ kind: 'github', owner: 'o', repo: 'r', token: 'x', apiBase: 'javascript:alert(1)' }, 'apiBase'],
    [{ kind: 'jira', baseUrl: 'https://user:pw@acme.atlassian.net', email: 'a@acme.test', apiToken: 't', projectKey: 'FEED' }, 'baseUrl'],
    [{ kind: 'jira', baseUrl: 'https://acme.atlassian.net', email: 'not-mail', apiToken: 't', projectKey: 'FEED' }, 'email'],
    [{ kind: 'jira', baseUrl: 'https://acme.atlassian.net', email: 'a@acme.test', apiToken: 't', projectKey: 'feed' }, 'projectKey'],
    [{ kind: 'linear', apiKey: 'k', teamId: '' }, 'teamId'],
    [{ kind: 'webhook', url: 'ftp://hooks.acme.test', secret: SECRET }, 'url'],
    [{ kind: 'webhook', url: 'https://hooks.acme.test', secret: 'whsec_c2hvcnQ=' }, 'secret'],
    [{ kind: 'trello' }, 'kind'],
  ])('refuses %j at %s', (input, path) => {
    const result = TrackerConfig.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(() => createTracker(input as never)).toThrow();
  });

  it('redacts secrets for display', () => {
    const config = TrackerConfig.parse({ kind: 'webhook', url: 'https://hooks.acme.test', secret: SECRET });
    const shown = redactTrackerConfig(config);
    expect(JSON.stringify(shown)).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(redactTrackerConfig(TrackerConfig.parse({ kind: 'github', owner: 'o', repo: 'r', token: 'short' }))).toMatchObject({ token: '…' });
  });
});
