// `headend`: the process's entry (bin/headend.cjs bundles and runs it, or tsx runs it as it is).
import { run } from './cli.ts';

run();
