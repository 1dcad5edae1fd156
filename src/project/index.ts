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
export { openProjectFile, saveProjectFile, type ProjectFile } from "./project-file.ts";
export { bumpProjectVersion, nextVersion, versionPath, InvalidBumpRule, MissingVersionError, type BumpResult } from "./bump.ts";
export { configListLines, configValueText, renderConfigValue } from "./config-view.ts";
export { addSource, removeSource, selectSources, sourceShowLines, parseSourcePriority, SOURCE_PRIORITIES, SourceNotFoundError, InvalidSourceError, type AddedSource } from "./source-edit.ts";
export { renderPyproject, parseAuthor, moduleName, packageParts, checkProjectName, README_FORMATS, DEFAULT_AUTHOR, InvalidAuthorError, InvalidProjectNameError, type ProjectTemplate, type ReadmeFormat } from "./scaffold.ts";
export { createProject, initProject, gitAuthor, previewPyproject, existingProjectSections, DestinationNotEmptyError, ProjectExistsError, type CreatedProject } from "./scaffold-files.ts";
export { dependencyToPep508, indexLatestLookup, sourcesOf, type LatestLookup } from "./scaffold-deps.ts";
export { templateFromOptions, templateFromPrompts, InvalidProjectVersionError, type InitAnswers, type InitDefaults, type InitContext } from "./init-flow.ts";
export { terminalPrompter, PromptAborted, type Prompter } from "./prompt.ts";
export { projectDefaults, parseReadmeFormat, type ScaffoldSetup } from "./scaffold-defaults.ts";
export { checkPyproject, type CheckReport, type CheckMessage } from "./check.ts";
export { checkLicenceExpression, knownClassifiers, deprecatedClassifiers, spdxLicences, type LicenceExpressionReport } from "./check-lists.ts";
export { placeDependency, removeDependencies, declaredIn, dependencyPep508, poetryValue, usesProjectSection, pep508Name, DependencyNotFoundError, type NewDependency, type AddTarget, type Placement, type Removal } from "./add-edit.ts";
export { parseRequest, localName, newDependency, latestFitting, assertNoDuplicates, NoMatchingReleaseError, DependencyNameError, type AddOptions, type ParsedRequest, type LatestVersion } from "./add-request.ts";
