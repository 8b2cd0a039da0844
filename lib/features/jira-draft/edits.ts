/**
 * The person's edits to a draft: saved with the job so closing the popup keeps them, and carried
 * into "Regenerate" so a fresh draft keeps the fields they touched unless they untick them.
 */
import { z } from 'zod';
import { TicketDraft } from '../../jira/ticket';

export const DraftEdits = z.object({ draft: TicketDraft, touched: z.array(z.string()) });
export type DraftEdits = z.infer<typeof DraftEdits>;

/** The new draft, except for the fields the person edited (`description.background` style paths). */
export function keepTouched(fresh: TicketDraft, edited: TicketDraft, touched: readonly string[]): TicketDraft {
  const merged: TicketDraft = { ...fresh, description: { ...fresh.description } };
  for (const path of touched) {
    const [field, section] = path.split('.') as [keyof TicketDraft, string | undefined];
    if (field === 'description' && section && section in edited.description) {
      (merged.description as Record<string, unknown>)[section] = edited.description[section as keyof TicketDraft['description']];
    } else if (field in edited && field !== 'description') {
      (merged as Record<string, unknown>)[field] = edited[field];
    }
  }
  return merged;
}
