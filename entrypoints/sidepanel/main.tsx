import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import './sidepanel.css';
import { localizeDocument } from '@/lib/ui/localize-document';
import { AskPanel } from './AskPanel';

localizeDocument();
createRoot(document.getElementById('root')!).render(<AskPanel />);
