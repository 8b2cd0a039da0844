/** React state that mirrors a storage item: painted from storage at once, updated on change. */
import { useEffect, useState } from 'react';

/** `initial`: the value already read (ui/first-paint.ts), painted at once; it is then only watched. */
export function useStored<T>(read: () => Promise<T>, watch: (cb: () => void) => () => void, deps: unknown[] = [], initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(() => {
    let alive = true;
    const load = () => void read().then((v) => alive && setValue(v));
    if (initial === undefined) load();
    const unwatch = watch(load);
    return () => {
      alive = false;
      unwatch();
    };
  }, deps);
  return value;
}
