/**
 * Issue #17 figures for one long answer (~20,000 tokens of Markdown) streamed into the popup:
 *
 * 1. `storage.session` bytes written, counted in the browser by a storage.onChanged listener,
 *    against the answer's own size (target ≤ 3×).
 * 2. Render cost per update at the end vs the start of the answer (target ≤ 2×). React's profiler
 *    is not in production builds, so the popup's main-thread work is timed from outside React, by
 *    a script installed before the popup's own (page.addInitScript):
 *    - every task React's scheduler runs (it renders and commits in MessageChannel tasks: the
 *      MessagePort onmessage handler is wrapped and timed) and every JOB_STREAM_PORT message
 *      handler (runtime.connect's port listeners are wrapped and timed) adds to the pending work;
 *    - a task after which the answer's DOM has changed (MutationObserver.takeRecords, read inside
 *      the wrapper, so the task's own mutations) is one update: its cost is the pending work plus
 *      the style and layout of the new DOM, forced and timed right there (the next frame would
 *      do that work anyway; forcing it charges it to the update that caused it).
 *    Paint and compositing are not counted: they do not grow with the answer's length here.
 *    The figure is the median cost over the first 10% and over the last 10% of updates, and the
 *    ratio of the two; a whole-answer re-render on every update shows as a ratio far above 2.
 */
import { buildExtension, median, RUNS, spread, startSession } from './support';

/** About 20,000 tokens of Markdown: paragraphs and lists, as a long answer has. */
const ANSWER = Array.from({ length: 700 }, (_, i) => `## Part ${i + 1}\n\nThe gateway answered this part with a paragraph of ordinary words about the page.\n\n- one point\n- another point\n`).join('\n');

interface RenderProbe {
  pending: number;
  updates: number[];
  /** The style and layout part of each update. */
  layouts: number[];
  port: { ms: number; messages: number };
  unattributed: number;
  writes: { bytes: number; count: number };
}
/** The answer in chunks of ~40 tokens, one every 16 ms (about a frame), so each chunk can be its own update. */
const PACE = { maxChunks: 500, perChunkMs: 16 };

/**
 * Runs in the popup before its scripts (see the header); the figures land in globalThis.__benchRender.
 * Plain JavaScript in a string: tsx would wrap the named functions of a compiled function in a
 * helper (`__name`) that does not exist in the page.
 */
const RENDER_PROBE = `(() => {
  if (location.protocol !== 'chrome-extension:') return;
  const probe = { pending: 0, updates: [], layouts: [], port: { ms: 0, messages: 0 }, unattributed: 0, writes: { bytes: 0, count: 0 } };
  globalThis.__benchRender = probe;
  const inAnswer = (records) => records.some((r) => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[data-testid=answer]'));
  let observer = null;
  const timed = (fn, kind) =>
    function (...args) {
      const start = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        const spent = performance.now() - start;
        if (kind === 'port') {
          probe.port.ms += spent;
          probe.port.messages++;
        } else probe.pending += spent;
        if (observer && inAnswer(observer.takeRecords())) {
          const layoutStart = performance.now();
          document.body.getBoundingClientRect();
          const layout = performance.now() - layoutStart;
          probe.updates.push(probe.pending + layout);
          probe.layouts.push(layout);
          probe.pending = 0;
        }
      }
    };
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) { onmessage.set.call(this, handler && timed(handler, 'task')); },
  });
  for (const api of new Set([globalThis.browser, globalThis.chrome])) {
    const connect = api?.runtime?.connect;
    if (!connect) continue;
    api.runtime.connect = function (...args) {
      const port = connect.apply(this, args);
      const addListener = port.onMessage.addListener.bind(port.onMessage);
      port.onMessage.addListener = (listener) => addListener(timed(listener, 'port'));
      return port;
    };
  }
  document.addEventListener('DOMContentLoaded', () => {
    // Records left for the callback are answer changes made outside the timed tasks: counted, to show there are none.
    observer = new MutationObserver((records) => {
      if (inAnswer(records)) probe.unattributed++;
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  chrome.storage.session.onChanged.addListener((changes) => {
    for (const change of Object.values(changes)) {
      probe.writes.bytes += JSON.stringify(change.newValue ?? null).length;
      probe.writes.count++;
    }
  });
})();`;

async function main(): Promise<void> {
  buildExtension();
  const session = await startSession();
  try {
    const answerBytes = JSON.stringify(ANSWER).length;
    const ratios: number[] = [];
    const written: number[] = [];
    const first: number[] = [];
    const last: number[] = [];
    const growth: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await session.control.faults({ nextContent: ANSWER, ...PACE });
      const popup = await session.ext.context.newPage();
      await popup.addInitScript({ content: RENDER_PROBE });
      await popup.goto(session.popupUrl);
      await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
      // Only the updates of this answer count, not the popup's first paint.
      await popup.evaluate(() => {
        const probe = (globalThis as { __benchRender?: RenderProbe }).__benchRender!;
        Object.assign(probe, { pending: 0, updates: [], layouts: [], port: { ms: 0, messages: 0 }, unattributed: 0, writes: { bytes: 0, count: 0 } });
      });
      await popup.getByTestId('summarize-page').click();
      // The popup may still show the previous run's finished job: wait for this one to start first.
      await popup.locator('[data-testid=job]:not([data-status=done])').waitFor();
      await popup.locator('[data-testid=job][data-status=done]').waitFor({ timeout: 120_000 });
      const { updates, layouts, writes, port, unattributed, shown } = await popup.evaluate(() => ({
        ...(globalThis as { __benchRender?: RenderProbe }).__benchRender!,
        shown: document.querySelector('[data-testid=answer]')?.textContent?.length ?? 0,
      }));
      await popup.close();
      // The last update is the final, whole-answer rendering once the job is done; it is not a streaming update.
      const streaming = updates.slice(0, -1);
      const tenth = Math.max(1, Math.floor(streaming.length / 10));
      const layoutShare = `style+layout ${median(layouts.slice(0, tenth)).toFixed(2)} → ${median(layouts.slice(-tenth - 1, -1)).toFixed(2)} ms`;
      const start = median(streaming.slice(0, tenth));
      const end = median(streaming.slice(-tenth));
      first.push(start);
      last.push(end);
      growth.push(end / start);
      written.push(writes.bytes);
      ratios.push(writes.bytes / answerBytes);
      console.log(
        `  run ${i + 1}: ${streaming.length} updates, median ${start.toFixed(2)} ms over the first ${tenth}, ${end.toFixed(2)} ms over the last ${tenth} (${(end / start).toFixed(2)}×; ${layoutShare}); ` +
          `final rendering ${updates.at(-1)?.toFixed(1)} ms; ${port.messages} port messages, ${(port.ms / port.messages).toFixed(3)} ms each; ${unattributed} answer changes outside timed tasks; storage.session ${(writes.bytes / 1e6).toFixed(2)} MB in ${writes.count} writes; answer shown: ${shown} chars`,
      );
    }
    console.log(`Render cost per update, first 10% of updates: ${spread(first, 'ms', 2)}`);
    console.log(`Render cost per update, last 10% of updates: ${spread(last, 'ms', 2)}`);
    console.log(`  end vs start, per run: ${spread(growth, '×', 2)}; target ≤ 2×`);
    console.log(`storage.session bytes for one ~20,000-token answer (${(answerBytes / 1024).toFixed(0)} KB): ${spread(written.map((b) => b / 1e6), 'MB', 2)}`);
    console.log(`  as a multiple of the answer: ${spread(ratios, '×', 2)}; target ≤ 3×`);
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
