/** React state that mirrors a storage item: painted from storage at once, updated on change. */
import { useEffect, useState } from 'react';

/**
 * `initial`: a value already known (ui/first-paint.ts), painted at once, then read again and
 * watched. `read` and `watch` may arrive later (the popup loads them after its first paint).
 */
export function useStored<T>(read: (() => Promise<T>) | undefined, watch: ((cb: () => void) => () => void) | undefined, deps: unknown[] = [], initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(() => {
    if (!read || !watch) return;
    let alive = true;
    const load = () => void read().then((v) => alive && setValue(v));
    load();
    const unwatch = watch(load);
    return () => {
      alive = false;
      unwatch();
    };
  }, [read === undefined, ...deps]);
  return value;
}
