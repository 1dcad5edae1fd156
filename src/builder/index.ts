/** The builder: wheel and sdist of the user's project, as poetry-core would write them. */
import { mkdirSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Project } from "../project/core.ts";
import { sourceDateEpoch } from "./archive-time.ts";
import { checkBackend, type BuildFormat } from "./backend.ts";
import { BuildIoError } from "./errors.ts";
import { buildSdist } from "./sdist.ts";
import { buildSpec } from "./spec.ts";
import { buildWheel, type Artifact } from "./wheel.ts";

export { BuildConfigError, BuildIoError, UnsupportedBuildError } from "./errors.ts";
export { buildSpec, buildScriptOf, type BuildSpec, type BuildMetadata } from "./spec.ts";
export { buildWheel, wheelTag, type Artifact } from "./wheel.ts";
export { buildSdist } from "./sdist.ts";
export { metadataText } from "./metadata.ts";
export { checkBackend, isNativeBackend, planBuild, type BuildFormat, type PlannedArtifact } from "./backend.ts";
export { sourceDateEpoch } from "./archive-time.ts";

export interface BuildOptions {
  /** Formats to build, in order; both (sdist first) when empty. */
  readonly formats: readonly BuildFormat[];
  readonly outputDir: string;
  /** Remove the output directory's artifacts before building. */
  readonly clean: boolean;
  /** A PEP 440 local version label to append (`-c local-version=...`). */
  readonly localVersion: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called before each artifact is built ("sdist" / "wheel"). */
  readonly onStart?: (format: BuildFormat) => void;
}

export interface BuiltArtifact {
  readonly format: BuildFormat;
  readonly filename: string;
  readonly path: string;
}

function withLocalVersion(project: Project, local: string | null): Project {
  if (local === null || project.version === null) return project;
  const base = project.version.split("+")[0] as string;
  return { ...project, version: `${base}+${local}` };
}

/** Build the requested artifacts of a project and write them into the output directory. */
export function buildProject(project: Project, options: BuildOptions): BuiltArtifact[] {
  checkBackend(project);
  const spec = buildSpec(withLocalVersion(project, options.localVersion));
  const epoch = sourceDateEpoch(options.env);
  const formats: BuildFormat[] = options.formats.length > 0 ? [...options.formats] : ["sdist", "wheel"];
  try {
    if (options.clean) rmSync(options.outputDir, { recursive: true, force: true });
    mkdirSync(options.outputDir, { recursive: true });
  } catch (e) {
    throw new BuildIoError(`could not prepare the output directory ${options.outputDir}: ${(e as Error).message}`, { cause: e });
  }
  const out: BuiltArtifact[] = [];
  for (const format of formats) {
    options.onStart?.(format);
    const artifact: Artifact = format === "wheel" ? buildWheel(spec, project.pythonConstraint, epoch) : buildSdist(spec, epoch);
    const path = join(options.outputDir, artifact.filename);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, artifact.bytes);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new BuildIoError(`could not write ${path}: ${(e as Error).message}`, { cause: e });
    }
    out.push({ format, filename: artifact.filename, path });
  }
  return out;
}
