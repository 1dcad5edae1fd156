import { resolve } from "node:path";
import { defineCommand, sessionFacts } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import type { Selection } from "../installer/index.ts";
import type { ExportSelection } from "../lock/index.ts";

const FORMATS = ["requirements.txt", "constraints.txt", "pylock.toml"] as const;
type Format = (typeof FORMATS)[number];

export default defineCommand({
  name: "export",
  summary: "Exports the lock file to alternative formats.",
  description:
    "Writes the locked packages of the selected groups and extras as requirements.txt (with hashes and markers, as poetry-plugin-export does), constraints.txt, or a PEP 751 pylock.toml.",
  options: [
    { name: "format", short: "f", value: "FORMAT", description: "Format to export to: requirements.txt, constraints.txt or pylock.toml.", defaultText: "requirements.txt" },
    { name: "output", short: "o", value: "OUTPUT", description: "The name of the output file. If omitted, print to standard output." },
    { name: "without-hashes", description: "Exclude hashes from the exported file." },
    { name: "without-urls", description: "Exclude source repository urls from the exported file." },
    { name: "with-credentials", description: "Include credentials for extra indices." },
    { name: "without", value: "GROUP", multiple: true, description: "The dependency groups to ignore." },
    { name: "with", value: "GROUP", multiple: true, description: "The optional dependency groups to include." },
    { name: "only", value: "GROUP", multiple: true, description: "The only dependency groups to include." },
    { name: "all-groups", description: "Include all dependency groups." },
    { name: "dev", description: "Include development dependencies. (Deprecated: use --with dev)", hidden: true },
    { name: "extras", short: "E", value: "EXTRAS", multiple: true, description: "Extra sets of dependencies to include." },
    { name: "all-extras", description: "Include all sets of extra dependencies." },
  ],
  async run({ options, globals, output }) {
    const { activeExtras, activeGroups, freshLock, openSession, splitNames } = await import("../installer/index.ts");
    const { indexFileInfo, renderPylock, renderRequirements } = await import("../lock/index.ts");
    const { writeFileAtomic } = await import("../project/index.ts");
    const format = (options.string("format") ?? "requirements.txt") as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`Invalid export format: ${format}`, `Use one of: ${FORMATS.join(", ")}.`);
    if (options.strings("extras").length > 0 && options.flag("all-extras")) {
      throw new UsageError("You cannot specify explicit `--extras` while exporting using `--all-extras`.");
    }
    const withGroups = splitNames(options.strings("with"));
    if (options.flag("dev")) {
      output.warn("--dev option is deprecated, use the `--with dev` notation instead.");
      withGroups.push("dev");
    }
    if (options.strings("only").length > 0 && (withGroups.length > 0 || options.strings("without").length > 0)) {
      throw new UsageError("The --only option cannot be used with --with or --without.");
    }
    const facts = sessionFacts({ globals, output }, "stderr");
    const session = openSession(facts);
    const { project, config } = session;
    const { lock } = freshLock(project);
    const selection: Selection = {
      with: withGroups,
      without: splitNames(options.strings("without")),
      only: splitNames(options.strings("only")),
      allGroups: options.flag("all-groups"),
      extras: splitNames(options.strings("extras")),
      allExtras: options.flag("all-extras"),
      onlyRoot: false,
      noDirectory: false,
    };
    const sel: ExportSelection = { groups: activeGroups(project, selection), extras: activeExtras(project, lock, selection) };
    const target = options.string("output");
    const outputDir = target === undefined ? globals.cwd : resolve(globals.cwd, target, "..");
    let text: string;
    if (format === "pylock.toml") {
      const fileInfo = await indexFileInfo(lock, project, sel, async (name, source) => (await session.client().getPage(name, source ?? undefined)).files);
      text = renderPylock(lock, project, sel, { outputDir, fileInfo });
    } else {
      const result = renderRequirements(lock, project, sel, {
        format,
        withHashes: !options.flag("without-hashes"),
        withUrls: !options.flag("without-urls"),
        credentials: options.flag("with-credentials") ? (name) => config.httpBasic(name) : undefined,
      });
      result.warnings.forEach((w) => output.warn(w));
      text = result.text;
    }
    if (target === undefined) output.line(text.endsWith("\n") ? text.slice(0, -1) : text);
    else writeFileAtomic(resolve(globals.cwd, target), text);
    return 0;
  },
});
