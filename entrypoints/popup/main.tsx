import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import { readFirstPaint } from '@/lib/ui/first-paint';
import { localizeDocument } from '@/lib/ui/localize-document';
import { preloadRenderer } from '@/components/JobView';
import { Popup } from './Popup';

// One storage read, started as the module loads; the first render has the budget, models and buttons.
const first = readFirstPaint();
localizeDocument();
void first.then((state) => {
  createRoot(document.getElementById('root')!).render(<Popup first={state} />);
  preloadRenderer();
});
