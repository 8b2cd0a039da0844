/**
 * `npm run gateway [-- --port 4000 --keys path/to/keys.json --batch-write-s 10]`: the simulator on
 * 127.0.0.1 for the offline demo and for manual testing. GATEWAY_KEYS may name the keys file too.
 */
import { parseArgs } from 'node:util';
import { startGateway } from './server';
import { DEFAULT_KEYS_FILE } from './state';
import { closeOnSignal } from '../harness/close-on-signal';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4000' },
    keys: { type: 'string' },
    'batch-write-s': { type: 'string', default: '10' },
  },
});

function nonNegative(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a whole number ≥ 0, got ${text}`);
  return n;
}

const keysFile = values.keys ?? process.env.GATEWAY_KEYS ?? DEFAULT_KEYS_FILE;
const gateway = await startGateway({
  port: nonNegative('port', values.port),
  keys: keysFile,
  batchWriteS: nonNegative('batch-write-s', values['batch-write-s']),
});

console.log(`LiteLLM simulator listening on ${gateway.url}`);
console.log(`  keys:     ${keysFile}`);
console.log('  demo key: sk-demo-5usd ($5 budget, every model)');
console.log(`  try:      curl ${gateway.url}/v1/models -H "Authorization: Bearer sk-demo-5usd"`);

closeOnSignal(gateway);
