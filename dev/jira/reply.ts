/** What a simulator route answers: a status, a body (JSON unless a content type says otherwise), headers. */
import type { ErrorCollection } from '../../lib/jira/wire';

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown): Reply => ({ status, body });

export const text = (status: number, body: string, contentType = 'text/plain;charset=UTF-8', headers?: Record<string, string>): Reply => ({
  status,
  body,
  contentType,
  headers,
});

/** Jira's error body: field problems in `errors`, the others in `errorMessages`. */
export const errors = (status: number, errorMessages: string[], fieldErrors: Record<string, string> = {}): Reply =>
  json(status, { errorMessages, errors: fieldErrors } satisfies ErrorCollection);
