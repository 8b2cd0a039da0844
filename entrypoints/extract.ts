import { extractFromDocument } from '@/lib/extract/in-page';

// Injected on demand by the background (lib/background/tab.ts); its return value is the result.
export default defineUnlistedScript(() => extractFromDocument(document));
