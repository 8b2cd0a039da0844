import { send, WORKER_WATCH_PORT } from '../messaging';

/**
 * While `active`, holds a port to the worker; when the worker dies the port drops, and we wake
 * a new worker, which marks the lost job interrupted (the popup sees that through storage).
 * `wake` is the message that does it: Ask's side panel wakes the worker by reopening its conversation.
 */
export function watchWorker(wake: () => Promise<unknown> = () => send('ui.wake', {})): () => void {
  let closed = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const connect = () => {
    port = browser.runtime.connect({ name: WORKER_WATCH_PORT });
    port.onDisconnect.addListener(() => {
      if (closed) return;
      void wake().then(() => !closed && connect());
    });
  };
  connect();
  return () => {
    closed = true;
    port?.disconnect();
  };
}
