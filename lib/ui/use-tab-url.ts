import { useEffect, useState } from 'react';
import { watchTab } from './watch-tab';

/** The URL tab `tabId` shows, followed as it moves: undefined until known, null when the tab is gone. */
export function useTabUrl(tabId: number | null): string | null | undefined {
  const [url, setUrl] = useState<string | null>();
  useEffect(() => {
    if (!tabId) return;
    let moved = false;
    const stop = watchTab(tabId, (move) => {
      if (move.url === undefined) return;
      moved = true;
      setUrl(move.url);
    });
    void browser.tabs.get(tabId).then(
      (tab) => !moved && setUrl(tab.url ?? null),
      () => setUrl(null),
    );
    return stop;
  }, [tabId]);
  return url;
}
