/**
 * The sentence each incompatibility reads as, alone or joined with another one, in the words
 * Poetry's failure explanations use ("A (1.0) depends on B (>=2.0)", "no versions of B match
 * >=2.0", "A requires both B (1.0) and C (2.0)", "A depends on B (1.0) which doesn't match any
 * versions"). explain.ts arranges these into the numbered derivation.
 */
import type { Incompatibility } from "./incompatibility.ts";
import { showConstraint, type Term } from "./term.ts";

/** A term in few words: the root by name, "every version of P" for an unbounded positive one. */
function terse(inc: Incompatibility, t: Term, allowEvery = false): string {
  if (allowEvery && t.constraint.isAny()) return `every version of ${t.name}`;
  if (t.name === inc.rootName) return t.name;
  return `${t.name} (${t.shown})`;
}

const verb = (inc: Incompatibility): string => (inc.cause.kind === "dependency" ? "depends on" : "requires");

export function describe(inc: Incompatibility): string {
  const terms = inc.terms;
  const cause = inc.cause;
  switch (cause.kind) {
    case "dependency":
      return `${terse(inc, terms[0]!, true)} depends on ${terse(inc, terms[1]!)}`;
    case "python":
      return `${terse(inc, terms[0]!, true)} requires Python ${cause.pythonText}`;
    case "no-versions":
      return `no versions of ${terms[0]!.name} match ${showConstraint(terms[0]!.constraint)}`;
    case "not-found":
      return `${terms[0]!.name} doesn't exist`;
    case "root":
      return `${terms[0]!.name} is ${terms[0]!.constraint.toString()}`;
    case "conflict":
      break;
  }
  if (inc.isFailure) return "version solving failed";
  if (terms.length === 1) return `${terms[0]!.name} is ${terms[0]!.positive ? "forbidden" : "required"}`;
  if (terms.length === 2 && terms[0]!.positive === terms[1]!.positive) {
    const [a, b] = [terms[0]!, terms[1]!];
    if (!a.positive) return `either ${terse(inc, a)} or ${terse(inc, b)}`;
    const name = (t: Term): string => (t.constraint.isAny() ? t.name : terse(inc, t));
    return `${name(a)} is incompatible with ${name(b)}`;
  }
  const positive = terms.filter((t) => t.positive);
  const negative = terms.filter((t) => !t.positive).map((t) => terse(inc, t));
  if (positive.length > 0 && negative.length > 0) {
    if (positive.length !== 1) return `if ${positive.map((t) => terse(inc, t)).join(" and ")} then ${negative.join(" or ")}`;
    return `${terse(inc, positive[0]!, true)} requires ${negative.join(" or ")}`;
  }
  if (positive.length > 0) return `one of ${positive.map((t) => terse(inc, t)).join(" or ")} must be false`;
  return `one of ${negative.join(" or ")} must be true`;
}

const lineRef = (line: number | null): string => (line === null ? "" : ` (${line})`);

/** Both facts in one sentence, as briefly as their shapes allow. */
export function describeBoth(a: Incompatibility, b: Incompatibility, aLine: number | null, bLine: number | null): string {
  return (
    requiresBoth(a, b, aLine, bLine) ??
    requiresThrough(a, b, aLine, bLine) ??
    requiresForbidden(a, b, aLine, bLine) ??
    `${describe(a)}${lineRef(aLine)}\n and ${describe(b)}${lineRef(bLine)}`
  );
}

/** "P depends on both Q (1) and R (2)": two facts about the same positive package. */
function requiresBoth(a: Incompatibility, b: Incompatibility, aLine: number | null, bLine: number | null): string | null {
  if (a.terms.length === 1 || b.terms.length === 1) return null;
  const aPos = a.singleTermWhere((t) => t.positive);
  const bPos = b.singleTermWhere((t) => t.positive);
  if (aPos === null || bPos === null || aPos.name !== bPos.name) return null;
  const aNeg = a.terms.filter((t) => !t.positive).map((t) => terse(a, t)).join(" or ");
  const bNeg = b.terms.filter((t) => !t.positive).map((t) => terse(b, t)).join(" or ");
  const both = a.cause.kind === "dependency" && b.cause.kind === "dependency" ? "depends on" : "requires";
  return `${terse(a, aPos, true)} ${both} both ${aNeg}${lineRef(aLine)} and ${bNeg}${lineRef(bLine)}`;
}

/** "P depends on Q (1) which depends on R (2)": the first fact's requirement is the second's subject. */
function requiresThrough(a: Incompatibility, b: Incompatibility, aLine: number | null, bLine: number | null): string | null {
  if (a.terms.length === 1 || b.terms.length === 1) return null;
  const aNeg = a.singleTermWhere((t) => !t.positive);
  const bNeg = b.singleTermWhere((t) => !t.positive);
  if (aNeg === null && bNeg === null) return null;
  const aPos = a.singleTermWhere((t) => t.positive);
  const bPos = b.singleTermWhere((t) => t.positive);
  let prior: Incompatibility, priorNeg: Term, priorLine: number | null, latter: Incompatibility, latterLine: number | null;
  if (aNeg !== null && bPos !== null && aNeg.name === bPos.name && aNeg.inverse.satisfies(bPos)) {
    [prior, priorNeg, priorLine, latter, latterLine] = [a, aNeg, aLine, b, bLine];
  } else if (bNeg !== null && aPos !== null && bNeg.name === aPos.name && bNeg.inverse.satisfies(aPos)) {
    [prior, priorNeg, priorLine, latter, latterLine] = [b, bNeg, bLine, a, aLine];
  } else {
    return null;
  }
  const priorPos = prior.terms.filter((t) => t.positive);
  const head =
    priorPos.length > 1
      ? `if ${priorPos.map((t) => terse(prior, t)).join(" or ")} then `
      : `${terse(prior, priorPos[0]!, true)} ${verb(prior)} `;
  const latterNeg = latter.terms.filter((t) => !t.positive).map((t) => terse(latter, t)).join(" or ");
  return `${head}${terse(prior, priorNeg)}${lineRef(priorLine)} which ${verb(latter)} ${latterNeg}${lineRef(latterLine)}`;
}

/** "P depends on Q (1) which doesn't match any versions": a requirement that is itself ruled out. */
function requiresForbidden(a: Incompatibility, b: Incompatibility, aLine: number | null, bLine: number | null): string | null {
  if (a.terms.length !== 1 && b.terms.length !== 1) return null;
  const [prior, latter, priorLine, latterLine] = a.terms.length === 1 ? [b, a, bLine, aLine] : [a, b, aLine, bLine];
  const negative = prior.singleTermWhere((t) => !t.positive);
  if (negative === null || !negative.inverse.satisfies(latter.terms[0]!)) return null;
  const positives = prior.terms.filter((t) => t.positive);
  if (positives.length === 0) return null;
  const head =
    positives.length > 1
      ? `if ${positives.map((t) => terse(prior, t)).join(" or ")} then `
      : `${terse(prior, positives[0]!, true)} ${verb(prior)} `;
  let tail: string;
  const cause = latter.cause;
  if (cause.kind === "python") tail = `which requires Python ${cause.pythonText}`;
  else if (cause.kind === "no-versions") tail = "which doesn't match any versions";
  else if (cause.kind === "not-found") tail = "which doesn't exist";
  else tail = "which is forbidden";
  return `${head}${terse(prior, negative)} ${priorLine === null ? "" : `(${priorLine}) `}${tail}${lineRef(latterLine)}`;
}
