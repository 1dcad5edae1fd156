import { isAbsolute, join } from "node:path";
import { isTerminal, stdStream } from "../cli/streams.ts";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "publish",
  summary: "Publishes a package to a remote repository.",
  description:
    "Uploads the current version's sdist and wheels from dist/ (sdist first) through the legacy upload API, to PyPI or a repository configured with `repositories.<name>`. " +
    "On GitHub Actions without configured credentials, it authenticates through trusted publishing (OIDC).",
  options: [
    { name: "repository", short: "r", value: "REPOSITORY", description: "The repository to publish the package to.", defaultText: "pypi" },
    { name: "username", short: "u", value: "USERNAME", description: "The username to access the repository." },
    { name: "password", short: "p", value: "PASSWORD", description: "The password to access the repository." },
    { name: "cert", value: "CERT", description: "Certificate authority to access the repository." },
    { name: "client-cert", value: "CLIENT-CERT", description: "Client certificate to access the repository." },
    { name: "dist-dir", value: "DIST-DIR", description: "Dist directory where built artifact are stored.", defaultText: "dist" },
    { name: "build", description: "Build the package before publishing." },
    { name: "dry-run", description: "Perform all actions except upload the package." },
    { name: "skip-existing", description: "Ignore errors from files already existing in the repository." },
    {
      name: "trusted-publishing",
      value: "MODE",
      description: "Trusted publishing (OIDC from GitHub Actions): auto (only on GitHub Actions when no credentials are configured), always or never.",
      defaultText: "auto",
    },
  ],
  async run({ options, globals, output }) {
    const { loadConfig, loadProject } = await import("../project/index.ts");
    const { parseTrustedPublishing, publish, terminalPrompter, UploadProgress } = await import("../publisher/index.ts");
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const trusted = parseTrustedPublishing(options.string("trusted-publishing") ?? null);
    const distOption = options.string("dist-dir") ?? "dist";
    const distDir = isAbsolute(distOption) ? distOption : join(project.root, distOption);
    if (options.flag("build")) {
      const { buildArtifacts } = await import("./build.ts");
      output.line(`Building ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")})`);
      for (const a of await buildArtifacts({ project, formats: [], outputDir: distDir, clean: false, settings: {} }, { globals, output })) {
        output.line(`Built ${output.style(a.filename, "comment")}`);
      }
    }
    const config = loadConfig({ projectDir: project.root, env: process.env });
    const repoName = options.string("repository") ?? null;
    output.line(`Publishing ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")}) to ${output.style(repoName ?? "PyPI", "info")}`);
    // the bar is drawn on a terminal only (and not with -q); plain lines otherwise
    const progress = new UploadProgress(output.quiet || !isTerminal(1) ? null : stdStream("stdout"), (l) => output.line(l));
    const run = publish({
      config,
      name: project.name ?? "",
      version: project.version ?? "",
      distDir,
      repository: repoName,
      username: options.string("username") ?? null,
      password: options.string("password") ?? null,
      cert: options.string("cert") ?? null,
      clientCert: options.string("client-cert") ?? null,
      dryRun: options.flag("dry-run"),
      skipExisting: options.flag("skip-existing"),
      prompter: terminalPrompter(globals.interactive),
      env: process.env,
      trustedPublishing: trusted,
      onTrusted: () => output.line(`Using a token minted through ${output.style("trusted publishing", "info")}`),
      onWarning: (t) => output.warn(t),
      onFile: (artifact, phase, size) => {
        if (phase === "start") progress.start(output.style(artifact.filename, "c1"), size);
        else if (phase === "skipped") progress.end("skipped", output.style("File exists. Skipping", "warning"));
        else progress.end(phase);
      },
      onProgress: (_artifact, sent, total) => progress.advance(sent, total),
    });
    // a failure ends the current file's line (the bar) before the error is shown
    await run.catch((e: unknown) => {
      progress.end("failed");
      throw e;
    });
    return 0;
  },
});
