/** Where releases live (the installers use the same default; VERSE_DOWNLOAD_URL or the receipt override it). */
export const DEFAULT_DOWNLOAD_URL = "https://github.com/verse-pm/verse/releases";
export const INSTALL_COMMAND = `curl -LsSf ${DEFAULT_DOWNLOAD_URL}/latest/download/install.sh | sh`;
export const INSTALL_COMMAND_WINDOWS = `powershell -ExecutionPolicy ByPass -c "irm ${DEFAULT_DOWNLOAD_URL}/latest/download/install.ps1 | iex"`;
