// npm run bench: every benchmark, each with its figures and a ratio against a baseline measured in
// the same run. `--long` runs the long variants.
import { benchPaste } from './paste.ts';

const long = process.argv.includes('--long');
console.log(`headend benchmarks, ${new Date().toISOString()}${long ? ' (long)' : ''}`);
await benchPaste(100_000);
