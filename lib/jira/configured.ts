import type { Settings } from '../settings/schema';

/** "Create in Jira" is offered once a site and a project are set; copying works without them. */
export function jiraConfigured(settings: Settings): boolean {
  return Boolean(settings.jiraUrl && settings.jiraProjectKey);
}
