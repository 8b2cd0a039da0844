/** A tab's followed state (a job, a conversation) as React state, followed by `follow` (ui/follow-feed.ts) once the page has it. */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Follow } from './follow-feed';

/** `initial`: the state painted first (ui/first-paint.ts), until `follow` reports. */
export function useFollowed<S>(tabId: number | null | undefined, follow: Follow<S> | undefined, initial?: S | null): S | null | undefined {
  const [state, setState] = useState<S | null | undefined>(initial);
  useEffect(() => {
    if (!tabId || !follow) return;
    return follow(tabId, (next, newState) => {
      const update = () => setState((shown) => next(shown) ?? null);
      // A new state (the first token comes with one) is rendered in the message's own task, painted in
      // the next frame (issue #17); added text is left to React, which renders a burst of it once:
      // megabytes of it rendered message by message held a popup's thread for seconds (CI, faults.spec).
      if (newState) flushSync(update);
      else update();
    });
  }, [tabId, follow]);
  return state;
}
