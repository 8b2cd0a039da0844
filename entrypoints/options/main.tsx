import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import './options.css';
import { localizeDocument } from '@/lib/ui/localize-document';
import { Options } from './Options';

localizeDocument('optionsTitle');
createRoot(document.getElementById('root')!).render(<Options />);
