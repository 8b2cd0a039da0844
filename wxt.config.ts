import { defineConfig } from 'wxt';
import { manifestKeyFromEnv } from './dev/package/extension-id';

const key = manifestKeyFromEnv(process.env);
const updateUrl = process.env.EXTENSION_UPDATE_URL;

// Loopback host access lets local gateways (the simulator, a developer's LiteLLM) be reached
// without a prompt; every other gateway origin is asked for at run time (design.md, least privilege).
// `key` fixes the ID of self-hosted builds (docs/admin.md); `update_url` is where a self-hosted
// install looks for new versions, which Chrome otherwise seeks in the Web Store.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'scripting', 'contextMenus', 'offscreen', 'sidePanel'],
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
