/**
 * A person's own actions, kept in this browser only; the options page edits them and the worker
 * reads them. They run only while policy `allowPersonalActions` is not false.
 */
import { storage } from 'wxt/utils/storage';

export const personalActionsItem = storage.defineItem<unknown[]>('local:personalActions', { fallback: [] });
