import { mountPanel } from '@/lib/panel/mount';

// Injected on demand by the background (lib/background/panel.ts) into the tab it acts on.
export default defineUnlistedScript(() => mountPanel());
