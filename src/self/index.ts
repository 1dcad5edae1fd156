/** verse managing itself: install receipt, self update, self uninstall, shell completions. */
export { selfUpdate, normaliseVersion, type UpdateOutcome, type UpdateRequest } from "./update.ts";
export { selfUninstall, type UninstallReport, type UninstallRequest } from "./uninstall.ts";
export { versionInfo, type VersionInfo } from "./version-info.ts";
export { readReceipt, receiptPath, installDataDir, type Receipt } from "./receipt.ts";
export { resolveOwnership, type Ownership } from "./ownership.ts";
export { ManagedInstallError, ReceiptError, DownloadError, UpdateError, BadVersionError } from "./errors.ts";
export { completionScript, isShell, SHELLS, type Shell, type CompletionInput } from "./completions/index.ts";
export { appendedLauncher, besideScript, launcherBytes, readAppendedInterpreter, shebangLine, LauncherFormatError, type LauncherArch } from "./launcher-script.ts";
