/** React state that mirrors a storage item: painted from storage at once, updated on change. */
import { useEffect, useState } from 'react';

export function useStored<T>(read: () => Promise<T>, watch: (cb: () => void) => () => void, deps: unknown[] = []): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let alive = true;
    const load = () => void read().then((v) => alive && setValue(v));
    load();
    const unwatch = watch(load);
    return () => {
      alive = false;
      unwatch();
    };
  }, deps);
  return value;
}
