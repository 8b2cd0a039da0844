/**
 * Installs the o200k tokenizer from the package, for code that runs in Node (unit tests, the
 * gateway simulator, benchmarks) and may load its 2 MB table at once. The extension's worker
 * loads it only when needed (load-tokenizer.ts).
 */
import o200k from 'gpt-tokenizer/encoding/o200k_base';
import { useEncoding } from './tokens';

useEncoding(o200k);
