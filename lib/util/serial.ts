/**
 * Takes async tasks one at a time, in the order they were handed in. For read-modify-write of one
 * storage entry: two writers in flight at once (the calls of a map-reduce finishing together)
 * would each read the same value, and the later write would drop the earlier one's change.
 *
 * A queue orders the tasks of one JS context only; each stored value it guards is written by the
 * background alone, so that is the context that matters. A failed task rejects its own promise
 * and does not stop the tasks after it.
 */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function serialQueue(): SerialQueue {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const turn = last.then(task, task);
    last = turn.catch(() => undefined);
    return turn;
  };
}
