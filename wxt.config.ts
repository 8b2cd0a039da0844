import { defineConfig } from 'wxt';

// Loopback host access lets local gateways (the simulator, a developer's LiteLLM) be reached
// without a prompt; every other gateway origin is asked for at run time (design.md, least privilege).
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'scripting'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
    storage: { managed_schema: 'managed_schema.json' },
  },
});
