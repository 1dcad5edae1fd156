/**
 * Which artifacts verse packages itself and which it leaves to the project's PEP 517 backend.
 * verse builds poetry-core projects natively. Any other backend (setuptools, hatchling, flit,
 * maturin...) builds both artifacts, and a poetry-core project with a build script
 * (`[tool.poetry.build]`) gets its wheel from poetry-core itself (the script must run, and the
 * wheel is platform-specific); its sdist stays native. The command layer runs the backend in an
 * isolated environment (the installer's PEP 517 machinery); the builder never does.
 */
import type { Project } from "../project/core.ts";
import { UnsupportedBuildError } from "./errors.ts";
import { buildScriptOf } from "./spec.ts";

const POETRY_BACKENDS = new Set(["poetry.core.masonry.api", "poetry.masonry.api"]);

export type BuildFormat = "wheel" | "sdist";

/** How one artifact is made: by verse, or by the project's backend through PEP 517. */
export interface PlannedArtifact {
  readonly format: BuildFormat;
  readonly via: "native" | "backend";
}

/** True when verse can build the project itself. A missing [build-system] means Poetry's default. */
export function isNativeBackend(project: Project): boolean {
  const backend = project.buildSystem?.backend ?? null;
  return backend === null || POETRY_BACKENDS.has(backend);
}

/** The artifacts to build, in order (sdist first when both), each with who builds it. */
export function planBuild(project: Project, formats: readonly BuildFormat[]): PlannedArtifact[] {
  const wanted: BuildFormat[] = formats.length > 0 ? [...formats] : ["sdist", "wheel"];
  const native = isNativeBackend(project);
  const script = native && project.packageMode ? buildScriptOf(project) : null;
  return wanted.map((format) => ({ format, via: !native || (format === "wheel" && script !== null) ? "backend" : "native" }));
}

/** A guard for callers of the native builder: a project of another backend is not packaged here. */
export function checkBackend(project: Project): void {
  if (isNativeBackend(project)) return;
  const backend = project.buildSystem?.backend as string;
  throw new UnsupportedBuildError(`this project is built by ${backend}, which verse's native builder does not replace`, {
    hint: "`verse build` runs that backend through PEP 517 in an isolated environment.",
  });
}
