/**
 * Which PEP 517 backend the project names. verse builds poetry-core projects natively; any other
 * backend (setuptools, hatchling, flit, maturin...) needs an isolated build environment, which
 * the installer provides once it exists: until then such a project fails with a clear message.
 */
import type { Project } from "../project/index.ts";
import { UnsupportedBuildError } from "./errors.ts";

const POETRY_BACKENDS = new Set(["poetry.core.masonry.api", "poetry.masonry.api"]);

/** True when verse can build the project itself. A missing [build-system] means Poetry's default. */
export function isNativeBackend(project: Project): boolean {
  const backend = project.buildSystem?.backend ?? null;
  return backend === null || POETRY_BACKENDS.has(backend);
}

export function checkBackend(project: Project): void {
  if (isNativeBackend(project)) return;
  const backend = project.buildSystem?.backend as string;
  throw new UnsupportedBuildError(
    `this project is built by ${backend}, and building through a PEP 517 backend other than poetry-core is not supported yet`,
    { hint: "verse builds poetry-core projects natively; build this one with `python -m build` (or `pip wheel .`) for now." },
  );
}
