/**
 * Jira's REST shapes as zod schemas (jira-contract.md §1–2): the client parses every response
 * with these and the simulator in dev/jira builds its answers from the same types. Jira adds
 * fields freely, so objects keep only what is read and ignore the rest.
 */
import { z } from 'zod';

/** The body of every Jira error: field problems in `errors`, the others in `errorMessages`. */
export const ErrorCollection = z.object({
  errorMessages: z.array(z.string()).default([]),
  errors: z.record(z.string(), z.string()).default({}),
  status: z.number().optional(),
});
export type ErrorCollection = z.infer<typeof ErrorCollection>;

export const CreatedIssue = z.object({ id: z.string(), key: z.string(), self: z.string() });
export type CreatedIssue = z.infer<typeof CreatedIssue>;

/** `GET /myself`: Cloud names people by `accountId`, Data Center by `name`. */
export const JiraUser = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  displayName: z.string(),
  emailAddress: z.string().nullable().optional(),
  active: z.boolean().optional(),
});
export type JiraUser = z.infer<typeof JiraUser>;

export const IssueTypeMeta = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  subtask: z.boolean().default(false),
});
export type IssueTypeMeta = z.infer<typeof IssueTypeMeta>;

export const JiraProject = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  issueTypes: z.array(IssueTypeMeta).default([]),
});
export type JiraProject = z.infer<typeof JiraProject>;

const AllowedValue = z.object({ id: z.string().optional(), name: z.string().optional(), value: z.string().optional() });

export const FieldMeta = z.object({
  fieldId: z.string(),
  name: z.string(),
  required: z.boolean(),
  schema: z.object({ type: z.string(), system: z.string().optional(), items: z.string().optional() }).optional(),
  operations: z.array(z.string()).default([]),
  allowedValues: z.array(AllowedValue).optional(),
  hasDefaultValue: z.boolean().optional(),
});
export type FieldMeta = z.infer<typeof FieldMeta>;

/**
 * One page of create metadata. Cloud puts the items under `issueTypes` or `fields`, Data Center
 * under `values` with `isLast`; the spec also lists `results` (contract §1.3, §2).
 */
export function createMetaPage<T extends z.ZodType>(item: T) {
  return z
    .object({
      startAt: z.number().default(0),
      maxResults: z.number().optional(),
      total: z.number().optional(),
      isLast: z.boolean().optional(),
      issueTypes: z.array(item).optional(),
      fields: z.array(item).optional(),
      values: z.array(item).optional(),
      results: z.array(item).optional(),
    })
    .transform((page) => ({
      items: page.issueTypes ?? page.fields ?? page.values ?? page.results ?? [],
      startAt: page.startAt,
      total: page.total,
      isLast: page.isLast,
    }));
}
