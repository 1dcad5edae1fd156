/**
 * The installer: turns a lock into an environment.
 *
 *   const result = await runInstall({ project, lock, lockText, env, selection, ... });
 *
 * plan (select.ts + installed.ts + plan.ts, no-op fast path in state.ts) → fetch (fetch.ts,
 * verified against the lock's hashes) → wheel install (wheel.ts: staging, link.ts modes,
 * scripts.ts, record.ts) → root project editable (root.ts) → optional --compile (compile.ts).
 */
export { runInstall, destinationOf, type InstallOptions, type InstallResult, type Reporter, type WheelBuilder } from "./install.ts";
export { type Selection, DEFAULT_SELECTION, selectPackages, activeGroups, activeExtras, splitNames } from "./select.ts";
export { makePlan, summarize, type Operation, type Plan } from "./plan.ts";
export { chooseArtifact, artifactId, type Artifact, type BinaryPolicy } from "./artifact.ts";
export { scanInstalled, type InstalledDist } from "./installed.ts";
export { installWheel, type Destination, type InstalledWheel } from "./wheel.ts";
export { uninstall } from "./uninstall.ts";
export { Linker, LINK_MODES, parseLinkMode, type LinkMode } from "./link.ts";
export { shebang, entryPointScript, rewriteScript, scriptEntryPoints } from "./scripts.ts";
export { installRoot, type RootSpec } from "./root.ts";
export { interpreterTags } from "./tags.ts";
export { type ProgressStream } from "./progress.ts";
export * from "./errors.ts";
export { installCommand, type InstallCommandInput } from "./command.ts";
export { directSourceReader, gitProjectName, type DirectReaderOptions } from "./direct-metadata.ts";
export { environmentMarkers } from "./env-markers.ts";
export { openSession, freshLock, projectEnvironment, type SessionFacts, type ProjectSession } from "./session.ts";
export { environmentVariables, commandLine, runProgram } from "./run.ts";
export { buildWithBackend, type BackendBuildInput, type BackendArtifact, type BackendTarget } from "./project-build.ts";
export { lockInputs, type LockInputs } from "./lock-inputs.ts";
export { relockAndInstall, type RelockInput, type RelockOutput } from "./relock.ts";
