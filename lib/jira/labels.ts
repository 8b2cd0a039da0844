/**
 * Jira's standard issue types and priorities as Jira's own UI names them in the person's language
 * (バグ, 最高…). Only the label changes: the value sent to Jira stays Jira's English name, and a
 * custom type the site defines is shown as it is.
 */
import { t, type MessageKey } from '../i18n';
import { NO_PRIORITY } from './ticket';

const KNOWN = ['Bug', 'Task', 'Story', 'Epic', 'Subtask', 'Improvement', 'Highest', 'High', 'Medium', 'Low', 'Lowest'] as const;

export function jiraValueLabel(name: string): string {
  if (name === NO_PRIORITY) return t('ticketNoPriority');
  const id = name.replace(/[^A-Za-z]/g, '');
  return (KNOWN as readonly string[]).includes(id) ? t(`jiraValue_${id}` as MessageKey) : name;
}
