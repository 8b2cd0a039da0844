import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '@/components/base.css';
import { readFirstPaint } from '@/lib/ui/first-paint';
import { localizeDocument } from '@/lib/ui/localize-document';
import { targetTabId } from '@/lib/ui/target-tab';
import { afterPaint, Popup } from './Popup';

// One storage read and the tab, started as the module loads; the first render has the budget,
// models and enabled buttons, rendered at once (flushSync) rather than in a later scheduler task.
const first = Promise.all([readFirstPaint(), targetTabId().catch(() => null)]);
localizeDocument();
void first.then(([state, tabId]) => {
  const root = createRoot(document.getElementById('root')!);
  flushSync(() => root.render(<Popup first={state} tabId={tabId} />));
  // The answer's renderer, fetched once the page has painted so the first token rarely waits for it.
  afterPaint(() => void import('@/components/JobView').then((m) => m.preloadRenderer()));
});
