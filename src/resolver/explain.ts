/**
 * Failure explanation: the derivation graph of the final incompatibility, written as plain
 * sentences in Poetry's style. Each derived fact is explained from the two it came from;
 * facts used more than once get a number so later lines can refer to them instead of
 * repeating the reasoning, and a chain of single-use facts collapses into "And because ...".
 */
import { VerseError } from "../errors.ts";
import type { Incompatibility } from "./incompatibility.ts";
import { describe, describeBoth } from "./explain-text.ts";

export class SolveFailure extends VerseError {
  /** The explanation without the hint: what Poetry prints above its suggestions. */
  readonly explanation: string;
  /** Poetry's own suggestion when a requires-python is the cause (its exact text), if any. */
  readonly pythonHint: string | undefined;

  /** `suggestions`: further ways out the caller knows of (yanked or missing versions...). */
  constructor(
    readonly incompatibility: Incompatibility,
    readonly suggestions: readonly string[] = [],
  ) {
    const explanation = explain(incompatibility);
    const python = pythonHint(incompatibility);
    const hint = [python, ...suggestions].filter((h) => h !== undefined).join("\n");
    super(explanation, { hint: hint === "" ? undefined : hint });
    this.explanation = explanation;
    this.pythonHint = python;
  }
}

type Conflict = Extract<Incompatibility["cause"], { kind: "conflict" }>;

const derived = (inc: Incompatibility): boolean => inc.cause.kind === "conflict";
const causeOf = (inc: Incompatibility): Conflict => inc.cause as Conflict;

/** The external facts (leaves) under a derived incompatibility, left to right, once each. */
export function externalIncompatibilities(root: Incompatibility): Incompatibility[] {
  const out: Incompatibility[] = [];
  const seen = new Set<Incompatibility>();
  const walk = (inc: Incompatibility): void => {
    if (derived(inc)) {
      walk(causeOf(inc).conflict);
      walk(causeOf(inc).other);
    } else if (!seen.has(inc)) {
      seen.add(inc);
      out.push(inc);
    }
  };
  walk(root);
  return out;
}

function pythonCauses(root: Incompatibility) {
  return externalIncompatibilities(root).flatMap((inc) => (inc.cause.kind === "python" ? [{ inc, cause: inc.cause }] : []));
}

/** Poetry's suggestion when a package's requires-python does not cover the project's range. */
function pythonHint(root: Incompatibility): string | undefined {
  const found = pythonCauses(root);
  if (found.length === 0) return undefined;
  const lines = ["  * Check your dependencies Python requirement: The Python requirement can be specified via the `python` or `markers` properties", ""];
  for (const { inc, cause } of found) {
    const fit = cause.rootPython.intersect(cause.python).toString();
    lines.push(`    For ${inc.terms[0]!.name}, a possible solution would be to set the \`python\` property to "${fit}"`, "");
  }
  lines.push("    https://python-poetry.org/docs/dependency-specification/#python-restricted-dependencies,");
  lines.push("    https://python-poetry.org/docs/dependency-specification/#using-environment-markers", "");
  return lines.join("\n");
}

export function explain(root: Incompatibility): string {
  return new Writer(root).write();
}

class Writer {
  private readonly uses = new Map<Incompatibility, number>();
  private readonly lines: [string, number | null][] = [];
  private readonly numbers = new Map<Incompatibility, number>();

  constructor(private readonly root: Incompatibility) {
    this.count(root);
  }

  private count(inc: Incompatibility): void {
    const n = this.uses.get(inc);
    this.uses.set(inc, (n ?? 0) + 1);
    if (n === undefined && derived(inc)) {
      this.count(causeOf(inc).conflict);
      this.count(causeOf(inc).other);
    }
  }

  write(): string {
    const out: string[] = [];
    const python = pythonCauses(this.root);
    if (python.length > 0) {
      const rootPython = python[0]!.cause.rootPython;
      out.push(`The current project's supported Python range (${rootPython.toString()}) is not compatible with some of the required packages Python requirement:`);
      for (const { inc, cause } of python) {
        const lost = cause.rootPython.difference(cause.python).toString();
        out.push(`  - ${inc.terms[0]!.name} requires Python ${cause.pythonText}, so it will not be installable for Python ${lost}`);
      }
      out.push("");
    }
    if (derived(this.root)) this.visit(this.root);
    else this.emit(this.root, `Because ${describe(this.root)}, version solving failed.`);

    const last = [...this.numbers.values()].pop();
    const padding = last === undefined ? 0 : `(${last}) `.length;
    let lastEmpty = false;
    for (const [message, number] of this.lines) {
      if (message === "") {
        if (!lastEmpty) out.push("");
        lastEmpty = true;
        continue;
      }
      lastEmpty = false;
      out.push((number === null ? " ".repeat(padding) : `(${number})`.padEnd(padding)) + message);
    }
    return out.join("\n");
  }

  private emit(inc: Incompatibility, message: string, numbered = false): void {
    if (numbered) {
      const n = this.numbers.size + 1;
      this.numbers.set(inc, n);
      this.lines.push([message, n]);
    } else {
      this.lines.push([message, null]);
    }
  }

  private visit(inc: Incompatibility, conclusion = false): void {
    const numbered = conclusion || (this.uses.get(inc) ?? 0) > 1;
    const conjunction = conclusion || inc === this.root ? "So," : "And";
    const text = describe(inc);
    const { conflict, other } = causeOf(inc);

    if (derived(conflict) && derived(other)) {
      const conflictLine = this.numbers.get(conflict) ?? null;
      const otherLine = this.numbers.get(other) ?? null;
      if (conflictLine !== null && otherLine !== null) {
        this.emit(inc, `Because ${describeBoth(conflict, other, conflictLine, otherLine)}, ${text}.`, numbered);
      } else if (conflictLine !== null || otherLine !== null) {
        const [withLine, withoutLine, line] = conflictLine !== null ? [conflict, other, conflictLine] : [other, conflict, otherLine!];
        this.visit(withoutLine);
        this.emit(inc, `${conjunction} because ${describe(withLine)} (${line}), ${text}.`, numbered);
      } else {
        const singleConflict = this.isSingleLine(conflict);
        const singleOther = this.isSingleLine(other);
        if (singleOther || singleConflict) {
          const first = singleOther ? conflict : other;
          const second = singleOther ? other : conflict;
          this.visit(first);
          this.visit(second);
          this.emit(inc, `Thus, ${text}.`, numbered);
        } else {
          this.visit(conflict, true);
          this.lines.push(["", null]);
          this.visit(other);
          this.emit(inc, `${conjunction} because ${describe(conflict)} (${this.numbers.get(conflict)}), ${text}.`, numbered);
        }
      }
    } else if (derived(conflict) || derived(other)) {
      const [der, ext] = derived(conflict) ? [conflict, other] : [other, conflict];
      const derivedLine = this.numbers.get(der);
      if (derivedLine !== undefined) {
        this.emit(inc, `Because ${describeBoth(ext, der, null, derivedLine)}, ${text}.`, numbered);
      } else if (this.isCollapsible(der)) {
        const inner = causeOf(der);
        const [collapsedDerived, collapsedExt] = derived(inner.conflict) ? [inner.conflict, inner.other] : [inner.other, inner.conflict];
        this.visit(collapsedDerived);
        this.emit(inc, `${conjunction} because ${describeBoth(collapsedExt, ext, null, null)}, ${text}.`, numbered);
      } else {
        this.visit(der);
        this.emit(inc, `${conjunction} because ${describe(ext)}, ${text}.`, numbered);
      }
    } else {
      this.emit(inc, `Because ${describeBoth(conflict, other, null, null)}, ${text}.`, numbered);
    }
  }

  /** A derived fact used once whose explanation can merge into the next sentence. */
  private isCollapsible(inc: Incompatibility): boolean {
    if ((this.uses.get(inc) ?? 0) > 1) return false;
    const { conflict, other } = causeOf(inc);
    if (derived(conflict) === derived(other)) return false;
    const complex = derived(conflict) ? conflict : other;
    return !this.numbers.has(complex);
  }

  private isSingleLine(inc: Incompatibility): boolean {
    const { conflict, other } = causeOf(inc);
    return !derived(conflict) && !derived(other);
  }
}
