import { startPopupFirstPaint } from '@/lib/ui/first-paint';

// A classic script popup.html runs ahead of its modules, so what the popup paints first is read
// while they load (lib/ui/first-paint.ts).
export default defineUnlistedScript(() => startPopupFirstPaint());
