// Words every mode understands: leaving a mode, leaving configuration, leaving the session.
import { common as C } from '../../../grammar/common.ts';
import { run, type ExecBinding } from './binding.ts';

export const commonCommands: ExecBinding[] = [
  run(C.exit, (_c, ctx) => ctx.exitMode()),
  run(C.end, (_c, ctx) => ctx.toPriv()),
  run(C.quit, () => 'close'),
  run(C.logout, () => 'close'),
];
