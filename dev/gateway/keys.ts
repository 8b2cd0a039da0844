/**
 * Virtual keys as the simulator is given them (a JSON file, or records in a test), and the ways
 * LiteLLM names a key in its answers: SHA-256 hash, `sk-...abcd`, `sk-a****abcd`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date');

/** One row of LiteLLM_VerificationToken, keyed by its plaintext value (the simulator is not a vault). */
export const KeyRecord = z.object({
  key: z.string().startsWith('sk-'),
  key_alias: z.string().nullable().default(null),
  /** Empty = every model (contract §3.1). */
  models: z.array(z.string()).default([]),
  max_budget: z.number().nullable().default(null),
  spend: z.number().nonnegative().default(0),
  budget_duration: z.string().nullable().default(null),
  /** Computed from budget_duration when absent. */
  budget_reset_at: isoDate.nullable().default(null),
  expires: isoDate.nullable().default(null),
  rpm_limit: z.number().int().nonnegative().nullable().default(null),
  tpm_limit: z.number().int().nonnegative().nullable().default(null),
  user_id: z.string().nullable().default(null),
  team_id: z.string().nullable().default(null),
  metadata: z.record(z.string(), z.unknown()).default({}),
  blocked: z.boolean().nullable().default(null),
});
/** What a caller writes (defaults may be left out). */
export type KeyRecord = z.input<typeof KeyRecord>;
export type StoredKey = z.output<typeof KeyRecord>;

/** A budget shared by every key of a team, or of an internal user (contract §4.2). */
export const TeamBudget = z.object({ team_id: z.string(), max_budget: z.number().nullable().default(null), spend: z.number().default(0) });
export const UserBudget = z.object({ user_id: z.string(), max_budget: z.number().nullable().default(null), spend: z.number().default(0) });
export type TeamBudget = z.input<typeof TeamBudget>;
export type UserBudget = z.input<typeof UserBudget>;

export const KeysFile = z.union([
  z.array(KeyRecord).transform((keys) => ({ keys, teams: [], users: [] })),
  z.object({ keys: z.array(KeyRecord), teams: z.array(TeamBudget).default([]), users: z.array(UserBudget).default([]) }),
]);
export type KeysFile = z.output<typeof KeysFile>;

export function readKeysFile(path: string): KeysFile {
  return KeysFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** LiteLLM stores and logs keys by SHA-256 hex (`hash_token`). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `abbreviate_api_key`: `sk-...abcd`, used for key_name and in error params. */
export function abbreviateKey(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/** The masking of the "Virtual Key expected" message: first four, `****`, last four. */
export function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}****${key.slice(-4)}` : '****';
}
