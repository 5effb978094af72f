// The declaration notation, `anyconnect ssl keepalive {none | SECONDS}`, as a Chevrotain grammar.
// Lower-case words are keywords, UPPER-case words are arguments, `=LOCAL` is the keyword LOCAL spelt
// as ASA prints it, `{a | b}` is a choice, `[x]` is optional and `X ...` is one or more of the item
// before it. A word is anything but whitespace and `{}[]|`, so `/noconfirm`, `disk0:` and `ipv6-vpn`
// are words. The parser builds the `Node` tree directly (embedded actions); `decl()` in syntax.ts
// compiles that tree into the automaton the matcher runs. Input lines are not parsed here: see
// README.md for why they are matched against the automata instead.
//
//   notation := sequence EOF
//   sequence := item+                         a sequence of one item is that item
//   item     := atom "..."?
//   atom     := KEYWORD | ARGUMENT | =WORD | "{" choice "}" | "[" choice "]"
//   choice   := sequence ("|" sequence)*      a choice of one sequence is that sequence
import {
  createToken, EmbeddedActionsParser, EOF, Lexer,
  type IOrAlt, type IParserErrorMessageProvider, type IToken, type TokenType,
} from 'chevrotain';

export type Node =
  | { k: 'kw'; word: string }
  | { k: 'arg'; name: string }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'opt'; item: Node }
  | { k: 'rep'; item: Node };

// ---------------------------------------------------------------------------------------------
// Tokens. Order matters where patterns overlap: `...` before a keyword (a keyword may start with a
// dot), an argument before a keyword, with the keyword as its longer alternative (`ABc` and
// `A...` are keywords, as the whole word is not upper-case).

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
const LCurly = createToken({ name: 'LCurly', pattern: '{', label: '"{"' });
const RCurly = createToken({ name: 'RCurly', pattern: '}', label: '"}"' });
const LSquare = createToken({ name: 'LSquare', pattern: '[', label: '"["' });
const RSquare = createToken({ name: 'RSquare', pattern: ']', label: '"]"' });
const Pipe = createToken({ name: 'Pipe', pattern: '|', label: '"|"' });
const Ellipsis = createToken({ name: 'Ellipsis', pattern: '...', label: '"..."' });
const Literal = createToken({ name: 'Literal', pattern: /=[^\s{}[\]|]+/, label: '"=WORD"' });
const Keyword = createToken({ name: 'Keyword', pattern: /[^\s{}[\]|=][^\s{}[\]|]*/, label: 'a keyword' });
const Argument = createToken({ name: 'Argument', pattern: /[A-Z][A-Z0-9_]*/, longer_alt: Keyword, label: 'an ARGUMENT' });

const allTokens = [WhiteSpace, LCurly, RCurly, LSquare, RSquare, Pipe, Ellipsis, Literal, Argument, Keyword];

// ---------------------------------------------------------------------------------------------
// Error messages: what was expected and what was found; the caller adds the declaration and column.

const found = (t: IToken | undefined): string =>
  !t || t.tokenType === EOF ? 'the end of the notation' : `"${t.image}"`;

function oneOf(types: TokenType[]): string {
  const labels = [...new Set(types.map((t) => t.LABEL ?? t.name))];
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${oneOf([expected])} but found ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant: t }) =>
    `unexpected ${found(t)}${t.tokenType === Pipe ? ' (alternatives belong inside { } or [ ])'
      : t.tokenType === RCurly || t.tokenType === RSquare ? ' (nothing to close)'
        : t.tokenType === Ellipsis ? ' (one "..." per item)' : ''}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    `expected ${oneOf(expectedPathsPerAlt.flat().map((path) => path[0]))} but found ${found(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `expected ${oneOf(expectedIterationPaths.map((path) => path[0]))} but found ${found(actual[0])}`,
};

// ---------------------------------------------------------------------------------------------
// The grammar. Actions only build nodes, so they are harmless in Chevrotain's recording phase.

class NotationParser extends EmbeddedActionsParser {
  constructor(validate: boolean) {
    super(allTokens, { maxLookahead: 1, errorMessageProvider: messages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** the alternatives of an item, built once (Chevrotain's advice for embedded actions) */
  private atoms?: IOrAlt<Node>[];

  notation = this.RULE('notation', (): Node => this.SUBRULE(this.sequence));

  // `item` and `atom` are written inside `sequence`, not as rules of their own: a rule invocation
  // costs more than the rest of a word's parse, and every declaration is parsed at every start.
  sequence = this.RULE('sequence', (): Node => {
    const items: Node[] = [];
    this.AT_LEAST_ONE(() => {
      let n = this.OR<Node>(this.atoms ??= [
        { ALT: () => ({ k: 'kw', word: this.CONSUME(Keyword).image }) },
        { ALT: () => ({ k: 'arg', name: this.CONSUME(Argument).image }) },
        { ALT: () => ({ k: 'kw', word: this.CONSUME(Literal).image.slice(1) }) },
        {
          ALT: () => {
            this.CONSUME(LCurly);
            const c = this.SUBRULE(this.choice);
            this.CONSUME(RCurly);
            return c;
          },
        },
        {
          ALT: () => {
            this.CONSUME(LSquare);
            const c = this.SUBRULE2(this.choice);
            this.CONSUME(RSquare);
            return { k: 'opt', item: c };
          },
        },
      ]);
      this.OPTION(() => { this.CONSUME(Ellipsis); n = { k: 'rep', item: n }; });
      items.push(n);
    });
    return items.length === 1 ? items[0] : { k: 'seq', items };
  });

  choice = this.RULE('choice', (): Node => {
    const items: Node[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Pipe, DEF: () => { items.push(this.SUBRULE(this.sequence)); } });
    return items.length === 1 ? items[0] : { k: 'alt', items };
  });
}

// Built once, at load: constructing a Chevrotain parser (its self-analysis) costs more than parsing
// every declaration. Chevrotain's checks of the grammar (ambiguities, left recursion, token
// patterns) are skipped here, as they cost a third of the construction; the test runs them.
const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', skipValidations: true });
const parser = new NotationParser(false);

/** builds the lexer and parser again with Chevrotain's validations; throws on a defect */
export function validateNotationGrammar(): void {
  new Lexer(allTokens, { positionTracking: 'onlyOffset' });
  new NotationParser(true);
}

/**
 * The tree of a declaration's syntax. `kind` names the declaration in errors, which give the
 * 1-based column: `syntax notation of g.hostname, column 12: expected "}" but found …`.
 */
export function parseNotation(src: string, kind?: string): Node {
  const fail = (offset: number, what: string): never => {
    const column = offset - src.lastIndexOf('\n', offset - 1);
    throw new Error(`syntax notation${kind ? ` of ${kind}` : ''}, column ${column}: ${what} in "${src}"`);
  };
  const lexed = lexer.tokenize(src);
  if (lexed.errors.length) {
    const { offset } = lexed.errors[0];
    fail(offset, src[offset] === '=' ? '"=" must be followed by the word it spells (=LOCAL)' : `unexpected "${src[offset]}"`);
  }
  parser.input = lexed.tokens;
  const node = parser.notation();
  if (parser.errors.length) {
    const { token, message } = parser.errors[0];
    fail(Number.isNaN(token.startOffset) ? src.length : token.startOffset, message);
  }
  return node;
}
