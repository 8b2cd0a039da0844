import type { Settings } from '../settings/schema';
import { JiraTemplates } from './templates';

/** The organization's ticket conventions as settings (and policy) hold them. */
export function templatesFrom(settings: Settings): JiraTemplates {
  return JiraTemplates.parse({
    projectKey: /^[A-Z][A-Z0-9_]*$/.test(settings.jiraProjectKey) ? settings.jiraProjectKey : '',
    issueTypes: settings.jiraIssueTypes,
    defaultLabels: settings.jiraDefaultLabels,
  });
}
