/** Interpreter discovery and query, virtual environments: the public surface of src/python. */
export { type Candidate, type Source } from "./sources.ts";
export { type DiscoveryOptions, type Found, type ListedInterpreter, type Rejection, discover, findInterpreter, listInterpreters, findPythonVersionFile } from "./discover.ts";
export { type InterpreterInfo, queryInterpreter, isSupported, minorVersion, DEFAULT_QUERY_TIMEOUT_MS } from "./query.ts";
export { InterpreterCache, type ResolvedInterpreter } from "./interpreter-cache.ts";
export { type PythonRequest, parsePythonRequest } from "./request.ts";
export { type CreateVenvOptions, type CreatedVenv, type VenvLayout, createVenv, venvLayout } from "./venv.ts";
export { type Shell, activationCommand, detectShell, renderActivationScripts } from "./activation.ts";
export { envBaseName, venvName, inspectVenv, type VenvStatus } from "./envs.ts";
export {
  type EnvContext,
  type ProjectEnvironment,
  type ListedEnvironment,
  ensureEnvironment,
  currentEnvironment,
  locateEnvironment,
  useEnvironment,
  listEnvironments,
  removeEnvironments,
  baseInterpreter,
} from "./environment.ts";
export { type VenvSettings, type ProjectFacts, defaultVenvSettings, DEFAULT_PROMPT } from "./settings.ts";
export { type CommandFacts, envContextFor, interpreterCacheFor, projectRootOrNull } from "./context.ts";
export * from "./errors.ts";
export { envInfoLines, pythonListLines } from "./report.ts";
