/** Ctrl-C (or a SIGTERM) closes a dev server cleanly, once, then exits. */
export function closeOnSignal(server: { close(): Promise<void> }): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: closing`);
      void server.close().then(() => process.exit(0));
    });
  }
}
