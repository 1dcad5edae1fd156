/** The project layer: the pyproject model, the format-preserving editor, settings, safe writes. */
export type {
  Dependency, DependencyGroup, DependencyKind, DependencyOrigin, PackageInclude, PackageSource, Person, Project, Script, SourcePriority,
} from "./model.ts";
export { MAIN_GROUP } from "./model.ts";
export { parsePyproject, formatPath, groupDependencies, PyprojectError, GroupCycleError, UnknownGroupError } from "./pyproject.ts";
export { loadProject, findProjectRoot, resolveProjectFile, ProjectNotFoundError, PYPROJECT } from "./load.ts";
export { kindFromUrl } from "./dependency.ts";
export type { SchemaIssue } from "./schema.ts";
export { parseToml, TomlSyntaxError, type TomlTable } from "./toml-parse.ts";
export { TomlEditor, TomlEditError } from "./editor.ts";
export { renderValue, renderString, renderKey, type TomlInput, type RenderOptions } from "./toml-render.ts";
export type { TomlPath, PathPart } from "./toml-scan.ts";
export { Config, loadConfig, setConfig, unsetConfig, configFiles, type ConfigEntry, type ConfigSource, type ConfigFiles, type LoadConfigOptions, type SetConfigOptions } from "./config.ts";
export { CONFIG_KEYS, resolveKey, requireKey, parseConfigValue, envSuffix, UnknownConfigKeyError, InvalidConfigValueError, type ConfigValue, type KeySpec, type ConfigType } from "./config-keys.ts";
export { writeFileAtomic, Transaction, FileWriteError, type WriteOptions } from "./fs-atomic.ts";
