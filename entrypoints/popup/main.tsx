import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import { localizeDocument } from '@/lib/ui/localize-document';
import { Popup } from './Popup';

localizeDocument();
createRoot(document.getElementById('root')!).render(<Popup />);
