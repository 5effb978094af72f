// The baseline of the paste benchmark: bare Chevrotain, tokenize + parse of the same lines with a
// trivial grammar (a line is a sequence of words) and no semantics.
import { CstParser } from 'chevrotain';
import { allTokens, lexer, Quoted, Word } from '../grammar/tokens.ts';

class LineParser extends CstParser {
  constructor() {
    super(allTokens);
    this.performSelfAnalysis();
  }
  line = this.RULE('line', () => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Quoted) }]));
  });
}

const parser = new LineParser();

export function bareParse(line: string): unknown {
  parser.input = lexer.tokenize(line).tokens;
  return parser.line();
}
