import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('serialQueue', () => {
  it('runs tasks one at a time, in the order they were handed in', async () => {
    const inTurn = serialQueue();
    const log: string[] = [];
    const task = (name: string, waits: number) => async () => {
      log.push(`${name} starts`);
      for (let i = 0; i < waits; i++) await tick();
      log.push(`${name} ends`);
      return name;
    };
    // The first task waits longest: without turns it would end last.
    const results = await Promise.all([inTurn(task('a', 3)), inTurn(task('b', 1)), inTurn(task('c', 0))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  it('a failed task rejects its own caller and the next task still runs', async () => {
    const inTurn = serialQueue();
    const failed = inTurn(async () => {
      throw new Error('storage full');
    });
    const next = inTurn(async () => 'written');
    await expect(failed).rejects.toThrow('storage full');
    await expect(next).resolves.toBe('written');
  });
});
