/**
 * A job: one summary or ticket draft for one tab. Kept in `storage.session` as it grows, so
 * closing the popup loses nothing and a restarted worker can tell what it left unfinished.
 */
import { z } from 'zod';
import { Problem } from '../errors/problem';
import { TicketDraft } from '../jira/ticket';
import { ActionRef } from '../features/action/action';
import { Feature, FeatureOutput } from '../features/feature-schema';

export const JobStatus = z.enum(['extracting', 'confirm', 'waiting', 'rate-limited', 'streaming', 'done', 'error', 'interrupted', 'stopped']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobCost = z.object({
  /** Null as soon as one call's cost is unknown: a partial sum would understate it. */
  usd: z.number().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  calls: z.number(),
});
export type JobCost = z.infer<typeof JobCost>;

export const JobSource = z.object({
  title: z.string(),
  url: z.string(),
  words: z.number(),
  kind: z.enum(['page', 'selection', 'pdf', 'summary', 'conversation']),
  language: z.string(),
  /** PDF pages read, when the source is a PDF. */
  pages: z.number().nullable().default(null),
});
export type JobSource = z.infer<typeof JobSource>;

export const Job = z.object({
  id: z.string(),
  tabId: z.number(),
  feature: Feature,
  model: z.string(),
  /** Where the person started it: the popup, the in-page panel (right-click, shortcut), or Ask's side panel. */
  surface: z.enum(['popup', 'panel', 'sidepanel']).default('popup'),
  status: JobStatus,
  text: z.string(),
  problem: Problem.nullable(),
  cost: JobCost.nullable(),
  source: JobSource.nullable(),
  /** Long documents: which stage of map-reduce is running ("part 3 of 8"). */
  progress: z.object({ stage: z.enum(['read', 'map', 'reduce']), done: z.number(), total: z.number() }).nullable().default(null),
  /**
   * Before an expensive request, awaiting the person's go-ahead: what it is expected to cost
   * (`usd`, answers at their typical length) and the most it can cost (`maxUsd`, at max_tokens);
   * both null when the model has no price, and the question is asked by size (#15).
   */
  estimate: z.object({ usd: z.number().nullable(), maxUsd: z.number().nullable(), promptTokens: z.number(), calls: z.number() }).nullable().default(null),
  /** While waiting out a rate limit: when the one retry will go. */
  retryAt: z.number().nullable().default(null),
  /** While waiting in line for the key's rate limit (jobs of every tab share it): 1 = next to go. */
  queuePosition: z.number().nullable().default(null),
  /**
   * The answer the person reads stopped at its max_tokens (finish_reason "length"): the job is
   * done and its text stays, but the UI must not present it as complete.
   */
  truncated: z.boolean().default(false),
  /** Guardrails the gateway ran on this job's calls (`x-litellm-applied-guardrails`), shown as a note. */
  guardrails: z.array(z.string()).default([]),
  /** A ticket draft, for jira-draft jobs. */
  draft: TicketDraft.nullable().default(null),
  /** Draft fields the person edited: "Regenerate" keeps them unless asked not to. */
  touched: z.array(z.string()).default([]),
  /** What it produces, from its feature or action: the view follows it. */
  output: FeatureOutput.default('markdown'),
  /** The action it runs, for 'action' jobs. */
  action: ActionRef.nullable().default(null),
  /** The worker instance that runs the job; another instance finding it unfinished means it died. */
  worker: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
});
export type Job = z.infer<typeof Job>;

