/**
 * The reading half of the project layer: the pyproject model and parser, the loader, settings
 * and safe writes. Lower layers (installer, lock, resolver, python) import from here rather than
 * from index.ts, so an install or a no-op never loads the editor, scaffolding, prompts or the
 * index client that the authoring commands need.
 */
export type {
  Dependency, DependencyGroup, DependencyKind, DependencyOrigin, PackageInclude, PackageSource, Person, Project, Script, SourcePriority,
} from "./model.ts";
export { MAIN_GROUP } from "./model.ts";
export { parsePyproject, formatPath, groupDependencies, PyprojectError, GroupCycleError, UnknownGroupError } from "./pyproject.ts";
export { loadProject, findProjectRoot, resolveProjectFile, ProjectNotFoundError, PYPROJECT } from "./load.ts";
export { kindFromUrl } from "./dependency.ts";
export type { SchemaIssue } from "./schema.ts";
export { parseToml, TomlSyntaxError, type TomlTable } from "./toml-parse.ts";
export { Config, loadConfig, configFiles, type ConfigEntry, type ConfigSource, type ConfigFiles, type LoadConfigOptions } from "./config.ts";
export { CONFIG_KEYS, resolveKey, requireKey, parseConfigValue, envSuffix, UnknownConfigKeyError, InvalidConfigValueError, type ConfigValue, type KeySpec, type ConfigType } from "./config-keys.ts";
export { writeFileAtomic, Transaction, FileWriteError, type WriteOptions } from "./fs-atomic.ts";
