import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import { readFirstPaint } from '@/lib/ui/first-paint';
import { localizeDocument } from '@/lib/ui/localize-document';
import { loadLive, Popup } from './Popup';

// One storage read, started as the module loads; the first render has the budget, models and buttons.
const first = readFirstPaint();
localizeDocument();
void first.then((state) => {
  createRoot(document.getElementById('root')!).render(<Popup first={state} />);
  void loadLive();
  // The answer's renderer, fetched while the page is idle so the first token rarely waits for it.
  void import('@/components/JobView').then((m) => m.preloadRenderer());
});
