export * from './backlog-tracker.js';
export { buildBacklogItem, escapeMarkdown, type AnswerForBacklog } from './backlog-item.js';
export { markdownToAdf, type AdfDocument } from './atlassian-document.js';
export { GitHubTracker, type GitHubTrackerOptions } from './github-tracker.js';
export { JiraTracker, jiraLabels, type JiraTrackerOptions } from './jira-tracker.js';
export { LinearTracker, LINEAR_API_URL, type LinearTrackerOptions } from './linear-tracker.js';
export { WebhookTracker, WEBHOOK_EVENT_TYPE, type WebhookTrackerOptions } from './webhook-tracker.js';
export { generateWebhookSecret, signWebhook, webhookHeaders, webhookKey, type WebhookSignatureHeaders } from './standard-webhooks.js';
export {
  TrackerConfig,
  GitHubTrackerConfig,
  JiraTrackerConfig,
  LinearTrackerConfig,
  WebhookTrackerConfig,
  createTracker,
  redactTrackerConfig,
  type TrackerConfigInput,
} from './tracker-config.js';
