import { defineConfig } from 'wxt';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { manifestKeyFromEnv } from './dev/package/extension-id';
import { separatePageBuilds } from './dev/build/page-builds';
import { O200K_RANKS_FILE } from './lib/summarize/load-tokenizer';

const key = manifestKeyFromEnv(process.env);
const withoutTokenizer = process.env.BENCH_WITHOUT_TOKENIZER === '1';
const updateUrl = process.env.EXTENSION_UPDATE_URL;

// Loopback host access lets local gateways (the simulator, a developer's LiteLLM) be reached
// without a prompt; every other gateway origin is asked for at run time (design.md, least privilege).
// `key` fixes the ID of self-hosted builds (docs/admin.md); `update_url` is where a self-hosted
// install looks for new versions, which Chrome otherwise seeks in the Web Store.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // @webext-core/messaging's only use of webextension-polyfill is messaging, which Chrome has natively
  // (lib/util/message-browser.ts). bench/worker.bench.ts: the same extension built without any
  // tokenizer code, the baseline of worker start.
  vite: () => ({
    resolve: {
      alias: {
        'webextension-polyfill': new URL('./lib/util/message-browser.ts', import.meta.url).pathname,
        ...(withoutTokenizer ? Object.fromEntries(['gpt-tokenizer/BytePairEncodingCore', 'gpt-tokenizer/encodingParams/o200k_base'].map((name) => [name, new URL('./bench/no-tokenizer.ts', import.meta.url).pathname])) : {}),
      },
    },
  }),
  ...(withoutTokenizer ? { outDir: '.output-no-tokenizer' } : {}),
  // The tokenizer's ranks as data the worker fetches when it needs exact counts, instead of
  // 2 MB of script evaluated on every worker start (lib/summarize/load-tokenizer.ts).
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: O200K_RANKS_FILE, contents: JSON.stringify(o200kRanks) });
    },
    // The popup and the side panel each in a build of their own, so each first paint is one module file (dev/build/page-builds.ts).
    'entrypoints:grouped': (_wxt, groups) => separatePageBuilds(groups, ['popup', 'sidepanel']),
  },
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage.session.getKeys, which finds what closed tabs left (lib/background/closed-tabs.ts), came in Chrome 130.
    minimum_chrome_version: '130',
    // webRequest only observes: onErrorOccurred names why a gateway request failed (lib/gateway/net-errors.ts).
    // It adds no install warning: Chromium's chrome_permission_message_rules.cc has no rule for kWebRequest.
    permissions: ['storage', 'activeTab', 'scripting', 'contextMenus', 'offscreen', 'sidePanel', 'webRequest'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // PNGs made from public/icon/icon.svg by `npm run icons`.
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: '__MSG_extName__', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' } },
    commands: {
      'summarize-page': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandSummarize__' },
      'ask-page': { suggested_key: { default: 'Alt+Shift+A' }, description: '__MSG_commandAsk__' },
    },
    storage: { managed_schema: 'managed_schema.json' },
    // Only the in-page panel's document, which lib/panel/mount.ts frames on the page the person
    // asked about; its scripts and styles load from the extension's own origin and need no entry.
    // use_dynamic_url: only the per-session URL runtime.getURL gives loads it (Chrome then serves it
    // at the usual origin), so a page cannot frame the panel by the public static address.
    web_accessible_resources: [{ resources: ['panel-frame.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    ...(key ? { key } : {}),
    ...(updateUrl ? { update_url: updateUrl } : {}),
  },
});
