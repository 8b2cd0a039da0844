/**
 * Installs the o200k tokenizer from the package, for code that runs in Node (unit tests, the
 * gateway simulator, benchmarks) and may load its 2 MB table at once. The extension's worker
 * loads the same ranks only when needed (load-tokenizer.ts); both build the encoder the same way.
 */
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { o200kEncoding } from './load-tokenizer';
import { useEncoding } from './tokens';

useEncoding(o200kEncoding(o200kRanks));
