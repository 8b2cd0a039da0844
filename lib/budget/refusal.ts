/**
 * Which budget a `budget_exceeded` refusal names, read from LiteLLM's message (addendum §1): the
 * status and type are the same for every scope, so the words are all there is. Each known form is
 * one row below; a message that fits none still yields whatever figures it carries, so the
 * sentence can show them instead of a vague "a budget".
 */
import { z } from 'zod';

export const BudgetScopeKind = z.enum([
  'key',
  'key_window',
  'key_model',
  'team',
  'team_window',
  'team_member',
  'team_member_model',
  'user',
  'end_user',
  'end_user_model',
  'project',
  'organization',
  'tag',
  'unknown',
]);
export type BudgetScopeKind = z.infer<typeof BudgetScopeKind>;

export const BudgetRefusal = z.object({
  scope: BudgetScopeKind,
  /** The team, user, tag… LiteLLM named; null for the key itself (its id is a hash, useless to a person). */
  id: z.string().nullable(),
  spend: z.number().nullable(),
  limit: z.number().nullable(),
  model: z.string().nullable(),
  /** A `budget_limits` window such as `1h` or `30d`. */
  window: z.string().nullable(),
});
export type BudgetRefusal = z.infer<typeof BudgetRefusal>;

const NUM = String.raw`\$?(-?[\d.]+(?:e-?\d+)?)`;
const COST = String.raw`Current cost: ${NUM}, Max budget: ${NUM}`;

type Fields = Partial<Omit<BudgetRefusal, 'scope'>>;
interface Form {
  pattern: RegExp;
  read: (m: RegExpExecArray) => Fields & { scope: BudgetScopeKind };
}

const num = (text: string | undefined) => (text === undefined ? null : Number.parseFloat(text));
const figures = (m: RegExpExecArray, from: number) => ({ spend: num(m[from]), limit: num(m[from + 1]) });

/** The reservation (step 16) names its counter by kind, and a window's id as `<id>:<duration>`. */
const RESERVATION_KINDS: Record<string, BudgetScopeKind> = {
  Project: 'project',
  Key: 'key',
  Team: 'team',
  TeamMember: 'team_member',
  User: 'user',
  EndUser: 'end_user',
  Tag: 'tag',
  Organization: 'organization',
};

function reservation(kind: string, rawId: string, m: RegExpExecArray): Fields & { scope: BudgetScopeKind } {
  const base = RESERVATION_KINDS[kind] ?? 'unknown';
  const window = /:(\d+(?:s|m|h|d|w|mo))$/.exec(rawId)?.[1] ?? null;
  const id = window ? rawId.slice(0, -window.length - 1) : rawId;
  const scope = window && base === 'key' ? 'key_window' : window && base === 'team' ? 'team_window' : base;
  return { scope, id: scope === 'key' || scope === 'key_window' ? null : id, window, ...figures(m, 3) };
}

// Most specific first: "User=u in Team=t" before "Team=", windows before whole budgets.
const FORMS: Form[] = [
  { pattern: new RegExp(String.raw`^ExceededBudget: End User=(.+?) over budget\. Spend=${NUM}, Budget=${NUM}`), read: (m) => ({ scope: 'end_user', id: m[1], ...figures(m, 2) }) },
  { pattern: /^LiteLLM Virtual Key: .*?, exceeded budget for model=(\S+)/, read: (m) => ({ scope: 'key_model', model: m[1] }) },
  { pattern: /^LiteLLM End User: (.+?), exceeded budget for model=(\S+)/, read: (m) => ({ scope: 'end_user_model', id: m[1], model: m[2] }) },
  {
    pattern: new RegExp(String.raw`^ExceededBudget: Team member model budget exceeded\. User=(.+?), Team=(.+?), Model=(.+?)\. Spend=${NUM}, Budget=${NUM}`),
    read: (m) => ({ scope: 'team_member_model', id: m[2], model: m[3], ...figures(m, 4) }),
  },
  { pattern: new RegExp(String.raw`^ExceededBudget: Team=(.+?) over (\S+) budget\. Spend=${NUM}, Limit=${NUM}`), read: (m) => ({ scope: 'team_window', id: m[1], window: m[2], ...figures(m, 3) }) },
  { pattern: new RegExp(String.raw`^ExceededBudget: Key over (\S+) budget\. Spend=${NUM}, Limit=${NUM}`), read: (m) => ({ scope: 'key_window', window: m[1], ...figures(m, 2) }) },
  { pattern: new RegExp(String.raw`^ExceededBudget: User=(.+?) over budget\. Spend=${NUM}, Budget=${NUM}`), read: (m) => ({ scope: 'user', id: m[1], ...figures(m, 2) }) },
  { pattern: new RegExp(String.raw`^Budget has been exceeded! User=(.+?) in Team=(.+?) ${COST}`), read: (m) => ({ scope: 'team_member', id: m[2], ...figures(m, 3) }) },
  // The budget checks (steps 5, 6, 9, 10) and the reservation (step 16) word these alike.
  { pattern: new RegExp(String.raw`^Budget has been exceeded! (Project|Key|Team|TeamMember|User|EndUser|Tag|Organization)=(.+?) ${COST}`), read: (m) => reservation(m[1]!, m[2]!, m) },
  { pattern: new RegExp(String.raw`^Budget has been exceeded! ${COST}`), read: (m) => ({ scope: 'key', ...figures(m, 1) }) },
];

/** The newest handler appends this unless the message already names `model=` (addendum §1). */
const REQUESTED_MODEL = /\s*Requested model: (\S+)\s*$/;

export function parseBudgetRefusal(message: string): BudgetRefusal {
  const requested = REQUESTED_MODEL.exec(message)?.[1] ?? null;
  const text = message.replace(REQUESTED_MODEL, '').trim();
  for (const form of FORMS) {
    const m = form.pattern.exec(text);
    if (!m) continue;
    const fields = form.read(m);
    return { id: null, spend: null, limit: null, model: null, window: null, ...fields, ...(fields.model ? {} : { model: requested }) } as BudgetRefusal;
  }
  // An unknown wording: keep the first two dollar-like figures, which every known form lists as spend then limit.
  const numbers = [...text.matchAll(/(?:cost|spend)\s*[:=]\s*\$?([\d.]+)|(?:budget|limit)\s*[:=]\s*\$?([\d.]+)/gi)];
  const spend = numbers.find((n) => n[1] !== undefined)?.[1];
  const limit = numbers.find((n) => n[2] !== undefined)?.[2];
  return { scope: 'unknown', id: null, spend: num(spend), limit: num(limit), model: requested, window: null };
}
