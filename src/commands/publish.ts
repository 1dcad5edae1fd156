import { isAbsolute, join } from "node:path";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "publish",
  summary: "Publishes a package to a remote repository.",
  description: "Uploads the current version's sdist and wheels from dist/ (sdist first) through the legacy upload API, to PyPI or a repository configured with `repositories.<name>`.",
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
  ],
  async run({ options, globals, output }) {
    const { buildProject } = await import("../builder/index.ts");
    const { loadConfig, loadProject } = await import("../project/index.ts");
    const { publish, terminalPrompter } = await import("../publisher/index.ts");
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const distOption = options.string("dist-dir") ?? "dist";
    const distDir = isAbsolute(distOption) ? distOption : join(project.root, distOption);
    if (options.flag("build")) {
      output.line(`Building ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")})`);
      for (const a of buildProject(project, { formats: [], outputDir: distDir, clean: false, localVersion: null, env: process.env })) {
        output.line(`Built ${output.style(a.filename, "comment")}`);
      }
    }
    const config = loadConfig({ projectDir: project.root, env: process.env });
    const repoName = options.string("repository") ?? null;
    output.line(`Publishing ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")}) to ${output.style(repoName ?? "PyPI", "info")}`);
    const dryRun = options.flag("dry-run");
    await publish({
      config,
      name: project.name ?? "",
      version: project.version ?? "",
      distDir,
      repository: repoName,
      username: options.string("username") ?? null,
      password: options.string("password") ?? null,
      cert: options.string("cert") ?? null,
      clientCert: options.string("client-cert") ?? null,
      dryRun,
      skipExisting: options.flag("skip-existing"),
      prompter: terminalPrompter(globals.interactive),
      env: process.env,
      onFile: (artifact, phase) => {
        const name = output.style(artifact.filename, "c1");
        if (phase === "uploaded") output.line(` - Uploading ${name} 100%`);
        else if (phase === "skipped") output.line(` - Uploading ${name} ${output.style("File exists. Skipping", "warning")}`);
        else if (phase === "dry-run") output.line(` - Uploading ${name} (dry run: not sent)`);
      },
    });
    return 0;
  },
});
