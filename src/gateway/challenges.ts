// Logins waiting for the answer to a server's challenge (an OTP after the password), by the
// handle of the challenge form: a once-used token (../aaa/once-tokens.ts).
import { OnceTokens } from '../aaa/once-tokens.ts';

export interface PendingChallenge { user: string; tunnelGroup: string; source: string; state: string; passwordChange?: boolean }

export class Challenges extends OnceTokens<PendingChallenge> {
  /** the login a handle continues, from the same source, once */
  takeFrom(handle: string, source: string): PendingChallenge | undefined {
    return this.take(handle, (c) => c.source === source);
  }
}
