/**
 * The questions of `verse init` (and `verse new -i`), in Poetry 2's order and wording, and the
 * non-interactive path that takes every answer from options and defaults.
 */
import { InvalidInputError, VerseError } from "../errors.ts";
import { parseAddSpec } from "../standards/add-spec.ts";
import { constraintToPep508, parseConstraint } from "../standards/constraint.ts";
import { Version } from "../standards/version.ts";
import type { Prompter } from "./prompt.ts";
import { checkProjectName, parseAuthor, type ProjectTemplate, type ReadmeFormat } from "./scaffold.ts";
import { dependencyToPep508, type LatestLookup } from "./scaffold-deps.ts";

export class InvalidProjectVersionError extends InvalidInputError {}

export interface InitAnswers {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly author?: string;
  readonly license?: string;
  readonly python?: string;
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
}

export interface InitDefaults {
  readonly name: string;
  /** From git config, or null. */
  readonly author: string | null;
  /** `>=3.X` of the discovered Python, or null. */
  readonly python: string | null;
}

export interface InitContext {
  readonly cwd: string;
  readonly latest: LatestLookup;
  readonly say: (text: string) => void;
  readonly layout: ProjectTemplate["layout"];
  readonly readme: ReadmeFormat;
}

const FORMS_HELP = [
  "You can specify a package in the following forms:",
  "  - A single name (requests): this will search for matches on the configured package sources",
  "  - A name and a constraint (requests@^2.23.0)",
  "  - A git url (git+https://github.com/python-poetry/poetry.git)",
  "  - A git url with a revision (git+https://github.com/python-poetry/poetry.git#develop)",
  "  - A file path (../my-package/my-package.whl)",
  "  - A directory (../my-package/)",
  "  - A url (https://example.com/packages/my-package-0.1.0.tar.gz)",
  "",
];

function checkVersion(text: string): string {
  try {
    Version.parse(text);
    return text;
  } catch {
    throw new InvalidProjectVersionError(`"${text}" is not a valid PEP 440 version.`, "Use a version such as 0.1.0.");
  }
}

function checkPython(text: string): string {
  // requires-python is a PEP 440 specifier set; Poetry's own syntax (^3.9) is accepted and converted
  const c = parseConstraint(text);
  return /^[~^]|\|\|| -/.test(text.trim()) ? constraintToPep508(c, text) : text;
}

async function resolveAll(texts: readonly string[], ctx: InitContext): Promise<string[]> {
  const out: string[] = [];
  for (const t of texts) {
    out.push(await dependencyToPep508(t, { cwd: ctx.cwd, latest: ctx.latest, onPicked: (n, c) => ctx.say(`Using version ${c} for ${n}`) }));
  }
  return out;
}

/** Non-interactive: options, then defaults. */
export async function templateFromOptions(answers: InitAnswers, defaults: InitDefaults, ctx: InitContext): Promise<ProjectTemplate> {
  const name = answers.name ?? defaults.name;
  checkProjectName(name);
  const author = answers.author ?? defaults.author;
  if (author !== null) parseAuthor(author);
  return {
    name,
    version: checkVersion(answers.version ?? "0.1.0"),
    description: answers.description ?? "",
    author,
    license: answers.license || null,
    readme: ctx.readme,
    python: checkPython(answers.python ?? defaults.python ?? "") || null,
    dependencies: await resolveAll(answers.dependencies, ctx),
    devDependencies: await resolveAll(answers.devDependencies, ctx),
    layout: ctx.layout,
  };
}

/** Asks for packages until a blank answer; bad input is explained and asked again. */
async function askPackages(p: Prompter, ctx: InitContext): Promise<string[]> {
  const out: string[] = [];
  for (const line of FORMS_HELP) p.say(line);
  let question = "Package to add or search for (leave blank to skip): ";
  for (;;) {
    const text = await p.ask(question, "");
    question = "Add a package (leave blank to skip): ";
    if (text === "") return out;
    try {
      const spec = parseAddSpec(text);
      if (spec.kind === "registry" && spec.constraint === null) {
        const latest = await ctx.latest(spec.name);
        p.say(`Found ${spec.name} (latest version ${latest})`);
        const constraint = await p.ask("Enter the version constraint to require (or leave blank to use the latest version): ", "");
        const chosen = constraint === "" ? `^${latest}` : constraint;
        if (constraint === "") p.say(`Using version ${chosen} for ${spec.name}`);
        const extras = spec.extras.length > 0 ? `[${spec.extras.join(",")}]` : "";
        out.push(await dependencyToPep508(`${spec.name}${extras}@${chosen}${spec.marker ? `; ${spec.marker}` : ""}`, { cwd: ctx.cwd, latest: ctx.latest }));
      } else {
        out.push(await dependencyToPep508(text, { cwd: ctx.cwd, latest: ctx.latest, onPicked: (n, c) => p.say(`Using version ${c} for ${n}`) }));
      }
    } catch (e) {
      if (!(e instanceof VerseError)) throw e;
      p.say(e.message);
      if (e.hint) p.say(e.hint);
    }
  }
}

/** Interactive: every question, with the options as defaults. Returns null when the user declines. */
export async function templateFromPrompts(p: Prompter, answers: InitAnswers, defaults: InitDefaults, ctx: InitContext, intro: boolean): Promise<ProjectTemplate | null> {
  if (intro) {
    p.say("");
    p.say("This command will guide you through creating your pyproject.toml config.");
    p.say("");
  }
  const name = await askUntilValid(p, `Package name [${answers.name ?? defaults.name}]: `, answers.name ?? defaults.name, (t) => (checkProjectName(t), t));
  const version = await askUntilValid(p, `Version [${answers.version ?? "0.1.0"}]: `, answers.version ?? "0.1.0", checkVersion);
  const description = await p.ask(`Description [${answers.description ?? ""}]: `, answers.description ?? "");
  const authorDefault = answers.author ?? defaults.author;
  const author = await askUntilValid(p, `Author [${authorDefault ?? "n"}, n to skip]: `, authorDefault ?? "n", (t) => {
    if (t.toLowerCase() === "n") return null;
    parseAuthor(t);
    return t;
  });
  const license = await p.ask(`License [${answers.license ?? ""}]: `, answers.license ?? "");
  const pyDefault = answers.python ?? defaults.python ?? "";
  const python = await askUntilValid(p, `Compatible Python versions [${pyDefault}]: `, pyDefault, (t) => (t === "" ? "" : checkPython(t)));
  p.say("");
  const dependencies = await resolveAll(answers.dependencies, ctx);
  if (await p.confirm("Would you like to define your main dependencies interactively? (yes/no) [yes] ", true)) dependencies.push(...(await askPackages(p, ctx)));
  const devDependencies = await resolveAll(answers.devDependencies, ctx);
  if (await p.confirm("Would you like to define your development dependencies interactively? (yes/no) [yes] ", true)) devDependencies.push(...(await askPackages(p, ctx)));
  return { name, version, description, author, license: license || null, readme: ctx.readme, python: python || null, dependencies, devDependencies, layout: ctx.layout };
}

async function askUntilValid<T>(p: Prompter, question: string, fallback: string, check: (text: string) => T): Promise<T> {
  for (;;) {
    const text = await p.ask(question, fallback);
    try {
      return check(text);
    } catch (e) {
      if (!(e instanceof VerseError)) throw e;
      p.say(e.message);
    }
  }
}
