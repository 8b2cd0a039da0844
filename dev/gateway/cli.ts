/**
 * `npm run gateway [-- --port 4000 --keys path/to/keys.json --batch-write-s 10]`: the simulator on
 * 127.0.0.1 for the offline demo and for manual testing. GATEWAY_KEYS may name the keys file too.
 * `npm run gateway -- --real`: the real LiteLLM proxy (dev/litellm) on that port instead, with the
 * simulator behind it, on a free port, as its model provider.
 */
import { parseArgs } from 'node:util';
import { startGateway } from './server';
import { DEFAULT_KEYS_FILE } from './state';
import { closeOnSignal } from '../harness/close-on-signal';
import { startRealLiteLLM } from '../litellm/proxy';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4000' },
    keys: { type: 'string' },
    'batch-write-s': { type: 'string', default: '10' },
    real: { type: 'boolean', default: false },
  },
});

function nonNegative(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a whole number ≥ 0, got ${text}`);
  return n;
}

const port = nonNegative('port', values.port);
const keysFile = values.keys ?? process.env.GATEWAY_KEYS ?? DEFAULT_KEYS_FILE;
const gateway = await startGateway({
  port: values.real ? 0 : port,
  keys: keysFile,
  batchWriteS: nonNegative('batch-write-s', values['batch-write-s']),
});

if (values.real) {
  console.log(`LiteLLM simulator (the model provider) on ${gateway.url}; starting the real LiteLLM proxy…`);
  const litellm = await startRealLiteLLM({ simulatorUrl: gateway.url, port }).catch(async (error: unknown) => {
    await gateway.close();
    throw error;
  });
  console.log(`Real LiteLLM ${litellm.version} listening on ${litellm.url} (started in ${(litellm.startMs / 1000).toFixed(1)} s)`);
  console.log(`  master key: ${litellm.masterKey} (no database, so no virtual keys: use this one)`);
  console.log('  models:     sim-fast, sim-cache, sim-tiny');
  console.log(`  try:        curl ${litellm.url}/v1/models -H "Authorization: Bearer ${litellm.masterKey}"`);
  closeOnSignal({ close: () => litellm.close().then(() => gateway.close()) });
} else {
  console.log(`LiteLLM simulator listening on ${gateway.url}`);
  console.log(`  keys:     ${keysFile}`);
  console.log('  demo key: sk-demo-5usd ($5 budget, every model)');
  console.log(`  try:      curl ${gateway.url}/v1/models -H "Authorization: Bearer sk-demo-5usd"`);
  closeOnSignal(gateway);
}
