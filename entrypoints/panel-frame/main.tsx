import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import '@/lib/panel/panel.css';
import { Panel } from '@/components/Panel';
import { closeFrame, reportSize } from '@/lib/panel/frame';
import { localizeDocument } from '@/lib/ui/localize-document';

// The in-page panel's document, framed on the page by lib/panel/mount.ts.
localizeDocument('panelTitle');
createRoot(document.getElementById('root')!).render(<Panel onClose={closeFrame} />);
reportSize(document.getElementById('root')!);
