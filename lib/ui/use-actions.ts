/** The actions a page shows (popup, options), followed as they change. */
import type { AvailableActions } from '../features/action/available';
import { readActions, watchActions } from '../features/action/read';
import { useStored } from './use-storage';

export function useActions(): AvailableActions | undefined {
  return useStored(readActions, watchActions);
}
