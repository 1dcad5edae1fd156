/**
 * The context-sensitive tokenizer shared by the PEP 508 marker and requirement parsers.
 *
 * The parser asks "is the next token an X?" at the current position, so each token kind is a
 * sticky regular expression tried only when the grammar expects it. Errors carry a span and
 * render as packaging does: the message, then the source, then a `~~~^` line under the span.
 */

/** A syntax error at a span of the source; the public parsers wrap it in their own error class. */
export class ParserSyntaxError extends Error {
  readonly reason: string;
  readonly source: string;
  readonly span: readonly [number, number];
  constructor(reason: string, source: string, span: readonly [number, number]) {
    const pointer = " ".repeat(span[0]) + "~".repeat(Math.max(0, span[1] - span[0])) + "^";
    super(`${reason}\n    ${source}\n    ${pointer}`);
    this.reason = reason;
    this.source = source;
    this.span = span;
  }
}

/** Python's `\s` (Unicode whitespace), used inside specifiers where packaging's regex has `\s`. */
export const PY_SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_NON_SPACE_SEMI_PAREN = "[^\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000;)]";

const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
const EPOCH = "(?:[0-9]+!)?";

/** One specifier clause as packaging's requirement grammar recognizes it (operator + version). */
const SPECIFIER_SOURCE =
  `(?:===${PY_SPACE}*${PY_NON_SPACE_SEMI_PAREN}*)` +
  `|(?:(?:==|!=)${PY_SPACE}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?)` +
  `|(?:~=${PY_SPACE}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV})` +
  `|(?:(?:<=|>=|<|>)${PY_SPACE}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV})`;

export const RULES = {
  LEFT_PARENTHESIS: /\(/y,
  RIGHT_PARENTHESIS: /\)/y,
  LEFT_BRACKET: /\[/y,
  RIGHT_BRACKET: /\]/y,
  SEMICOLON: /;/y,
  COMMA: /,/y,
  QUOTED_STRING: /'[^']*'|"[^"]*"/y,
  OP: /===|==|~=|!=|<=|>=|<|>/y,
  BOOLOP: /\b(?:or|and)\b/y,
  IN: /\bin\b/y,
  NOT: /\bnot\b/y,
  VARIABLE:
    /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y,
  SPECIFIER: new RegExp(SPECIFIER_SOURCE, "iy"),
  AT: /@/y,
  URL: /[^ \t]+/y,
  IDENTIFIER: /\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b/y,
  VERSION_PREFIX_TRAIL: /\.\*/y,
  VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y,
  WS: /[ \t]+/y,
} as const;

export type TokenName = keyof typeof RULES | "END";

export interface Token {
  readonly name: TokenName;
  readonly text: string;
  readonly position: number;
}

export class Tokenizer {
  readonly source: string;
  position = 0;
  private pending: Token | null = null;

  constructor(source: string) {
    this.source = source;
  }

  private match(name: TokenName): string | null {
    if (name === "END") return this.position === this.source.length ? "" : null;
    const rule = RULES[name];
    rule.lastIndex = this.position;
    const m = rule.exec(this.source);
    return m === null ? null : m[0];
  }

  /** True when the next token is `name`; unless `peek`, the token is loaded for `read()`. */
  check(name: TokenName, peek = false): boolean {
    const text = this.match(name);
    if (text === null) return false;
    if (!peek) this.pending = { name, text, position: this.position };
    return true;
  }

  consume(name: TokenName): void {
    if (this.check(name)) this.read();
  }

  read(): Token {
    const token = this.pending;
    if (token === null) throw new Error("tokenizer: read() without a successful check()");
    this.position += token.text.length;
    this.pending = null;
    return token;
  }

  expect(name: TokenName, expected: string): Token {
    if (!this.check(name)) this.fail(`Expected ${expected}`);
    return this.read();
  }

  fail(reason: string, spanStart?: number, spanEnd?: number): never {
    this.pending = null;
    throw new ParserSyntaxError(reason, this.source, [spanStart ?? this.position, spanEnd ?? this.position]);
  }

  /**
   * Run `body` inside an optional pair of enclosing tokens: when `open` is present, `close`
   * must follow the body, else the error spans from the opening token.
   */
  enclosing<T>(open: TokenName, close: TokenName, around: string, body: () => T): T {
    let openPosition: number | null = null;
    if (this.check(open)) {
      openPosition = this.position;
      this.read();
    }
    const result = body();
    if (openPosition !== null) {
      if (!this.check(close)) {
        this.fail(`Expected matching ${close} for ${open}, after ${around}`, openPosition);
      }
      this.read();
    }
    return result;
  }
}
