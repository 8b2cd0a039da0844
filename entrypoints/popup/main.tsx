import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '@/components/base.css';
import { localizeDocument } from '@/lib/ui/localize-document';
import { afterPaint, Popup } from './Popup';

// The copy, the tab and its job, read while the modules loaded (entrypoints/popup-read.ts); the first
// render has the budget, models, enabled buttons and any result, rendered at once (flushSync) rather
// than in a later scheduler task. The reading code is fetched here only if the modules ran before
// that script (rare), so the first-paint JavaScript carries it once, in the script.
const first = globalThis.__popupFirstPaint ?? import('@/lib/ui/first-paint').then((m) => m.takePopupFirstPaint());
localizeDocument();
void first.then(({ paint, tabId, job }) => {
  const root = createRoot(document.getElementById('root')!);
  flushSync(() => root.render(<Popup first={paint} tabId={tabId} job={job} />));
  // The answer's renderer, fetched once the page has painted so the first token rarely waits for it.
  afterPaint(() => void import('@/components/JobView').then((m) => m.preloadRenderer()));
});
