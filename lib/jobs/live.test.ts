import { describe, expect, it } from 'vitest';
import type { Job } from './job';
import { applyDelta, liveJobs, newerJob } from './live';

const job = (patch: Partial<Job> = {}) => ({ id: 'j1', tabId: 3, status: 'streaming', text: 'Hello', ...patch }) as Job;

describe('live jobs', () => {
  it('a delta extends the job it continues, and leaves any other as it is', () => {
    expect(applyDelta(job(), { id: 'j1', from: 5, text: ' world' })?.text).toBe('Hello world');
    expect(applyDelta(job(), { id: 'j1', from: 3, text: 'x' })?.text).toBe('Hello');
    expect(applyDelta(job(), { id: 'j2', from: 5, text: 'x' })?.text).toBe('Hello');
    expect(applyDelta(null, { id: 'j1', from: 0, text: 'x' })).toBeNull();
  });

  it('a stored copy older than the screen does not take the streamed text back; a finished or new one wins', () => {
    const shown = job({ text: 'Hello world' });
    expect(newerJob(shown, job())).toBe(shown);
    expect(newerJob(shown, job({ status: 'done' }))?.status).toBe('done');
    expect(newerJob(shown, job({ id: 'j2' }))?.id).toBe('j2');
  });

  it('a stored copy of the state on screen, or of an earlier one, keeps the screen\'s object; a later state replaces it', () => {
    const shown = job({ status: 'waiting', text: '', updatedAt: 20 });
    expect(newerJob(shown, job({ status: 'waiting', text: '', updatedAt: 20 }))).toBe(shown);
    expect(newerJob(shown, job({ status: 'extracting', text: '', updatedAt: 10 }))).toBe(shown);
    expect(newerJob(shown, job({ status: 'streaming', text: 'A', updatedAt: 20 }))?.status).toBe('streaming');
    expect(newerJob(shown, job({ status: 'waiting', text: '', updatedAt: 21 }))?.updatedAt).toBe(21);
  });

  it('a subscriber opening mid-answer gets the job as the worker knows it, then the deltas', () => {
    const live = liveJobs();
    live.state(3, job({ text: '' }));
    live.delta(3, { id: 'j1', from: 0, text: 'Hello' });
    const seen: unknown[] = [];
    const stop = live.subscribe(3, (m) => seen.push(m));
    live.delta(3, { id: 'j1', from: 5, text: '!' });
    stop();
    live.delta(3, { id: 'j1', from: 6, text: '?' });
    expect(seen).toEqual([
      { type: 'state', state: job({ text: 'Hello' }) },
      { type: 'delta', delta: { id: 'j1', from: 5, text: '!' } },
    ]);
  });
});
