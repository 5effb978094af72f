// Valid ASA commands headend keeps verbatim: each top-level line is a block (its children follow),
// ranked into its section's place by the vocabulary of grammar/passthrough.ts.
import { passthrough as P } from '../../../grammar/passthrough.ts';
import { lineRank } from '../../../grammar/passthrough.ts';
import type { Command } from '../../../grammar/matcher.ts';
import { commandText } from '../command-text.ts';
import type { ConfigEnv } from '../env.ts';
import type { PassBlock, RunningConfig } from '../model.ts';
import { fail, ok, on, type ApplyResult, type ConfigBinding, type Frame, type StoreBinding } from '../binding.ts';
import { applyStore } from '../attributes.ts';

function keepBlock(c: RunningConfig, cmd: Command): ApplyResult {
  const text = commandText(cmd);
  const banner = /^(?:no\s+)?banner\s+(\S+)/.exec(text);
  if (banner) {
    // banner lines accumulate, repeats (an empty `banner motd` line) included; `no banner motd` clears them
    const kind = `banner ${banner[1]}`;
    if (cmd.no) {
      for (const [k, b] of c.passthrough) if (b.head === kind || b.head.startsWith(kind + ' ')) c.passthrough.delete(k);
      return ok('passthrough', cmd);
    }
    const block: PassBlock = { rank: lineRank(text), seq: c.passSeq++, head: text, children: [] };
    c.passthrough.set(`${text}\u0000${block.seq}`, block);
    return ok('passthrough', cmd, undefined, { mode: 'config-passthrough', block });
  }
  if (cmd.no) {
    const positive = text.replace(/^no\s+/, '');
    if (c.passthrough.delete(positive)) return ok('passthrough', cmd);
  }
  let block = c.passthrough.get(text);
  if (!block) {
    block = { rank: lineRank(text), seq: c.passSeq++, head: text, children: [] };
    c.passthrough.set(text, block);
  }
  return ok('passthrough', cmd, undefined, { mode: 'config-passthrough', block });
}

const verbatimChild: StoreBinding = { type: 'store', decl: P.line };

/** a child line: of a top-level kept block, or (tunnel-group ipsec/ppp blocks) an attribute of the block */
export function passChild(c: RunningConfig, env: ConfigEnv, cmd: Command, f: Frame): ApplyResult {
  if (f.mode === 'config-passthrough') {
    if (!f.block) return fail('ERROR: % Incomplete command');
    const line = commandText(cmd);
    if (!f.block.children.includes(line)) f.block.children.push(line);
    return ok('passthrough', cmd);
  }
  return applyStore(c, env, verbatimChild, cmd, f);
}

export const passthroughCommands: ConfigBinding[] = [
  on(P.line, (c, _e, cmd) => keepBlock(c, cmd)),
  on(P.ip, (c, _e, cmd) => keepBlock(c, cmd)),
  on(P.ipv6, (c, _e, cmd) => keepBlock(c, cmd)),
  on(P.aaa, (c, _e, cmd) => keepBlock(c, cmd)),
  on(P.ssh, (c, _e, cmd) => keepBlock(c, cmd)),
  on(P.logging, (c, _e, cmd) => keepBlock(c, cmd)),
  // an action (crypto key generate rsa ...), never stored
  on(P.cryptoKey, (_c, _e, cmd) => ok('global', cmd)),
];

/** a kept line is reported at the end of a paste; the crypto key action is not kept */
export function isKept(cmd: Command): boolean {
  return cmd.decl === P.line || cmd.decl === P.ip || cmd.decl === P.ipv6 || cmd.decl === P.aaa || cmd.decl === P.ssh || cmd.decl === P.logging;
}
