/** The resolver's public surface: the PubGrub solver, its provider interface and its errors. */
export { solve, type RootPackage, type Solution, type SolveOptions } from "./solver.ts";
export type { Candidate, Dependency, Provider, PythonRequirement, VersionMetadata } from "./provider.ts";
export type { ResolutionStrategy } from "./candidates.ts";
export { SolveFailure, explain, externalIncompatibilities } from "./explain.ts";
export { IncompatibleConstraintsError, SelfDependencyError } from "./dependencies.ts";
export { Incompatibility, ResolverBugError, type Cause } from "./incompatibility.ts";
export { Term, Relation } from "./term.ts";
export { InMemoryProvider, type InMemoryPackage } from "./memory-provider.ts";
export { SnapshotProvider, SNAPSHOT_ENVIRONMENT, requirementToDependencies, splitFeature, type MarkerRule, type Snapshot } from "./snapshot-provider.ts";
export { appliesIn, IndexProvider, latestVersion, ForkProvider, type DirectPackage, ForkNeeded, UnreadableMetadataError, type PackageIndex, type IndexProviderOptions, type Release, type Fork } from "./index-provider.ts";
export { solveUniversal, solveForks, rootRequirements, requirementsFromSpecs, type UniversalRoot, ForkSolveFailure, TooManyForksError, UnsupportedDependencyError, type ForkSolution, type RootRequirement, type UniversalOptions } from "./universal.ts";
