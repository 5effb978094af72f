// The baseline of the paste benchmark: bare Chevrotain, tokenize + parse of the same lines with a
// trivial grammar (a line is a sequence of words) and no semantics.
import { CstParser, createToken, Lexer } from 'chevrotain';

// the CLI's three token patterns (grammar/tokens.ts) as a Chevrotain lexer
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
const Quoted = createToken({ name: 'Quoted', pattern: /"[^"]*"?/ });
const Word = createToken({ name: 'Word', pattern: /[^ \t"]+/ });
const allTokens = [WhiteSpace, Quoted, Word];
const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', skipValidations: true });

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
