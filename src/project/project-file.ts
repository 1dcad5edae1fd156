/**
 * A project's pyproject.toml opened for editing: the parsed model (validated), the text it was
 * read from and a format-preserving editor over it. `save` writes atomically, and only when the
 * text changed, so a command that fails before saving leaves the file exactly as it was.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { VerseError } from "../errors.ts";
import { TomlEditor } from "./editor.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { resolveProjectFile } from "./load.ts";
import type { Project } from "./model.ts";
import { parsePyproject } from "./pyproject.ts";

export interface ProjectFile {
  readonly file: string;
  readonly root: string;
  /** The text as read. */
  readonly original: string;
  readonly project: Project;
  readonly editor: TomlEditor;
}

/** `cwd` is searched upwards; `project` (the -P option) is used as given. */
export function openProjectFile(cwd: string, project: string | null): ProjectFile {
  const file = resolveProjectFile(project ?? cwd, project !== null);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new VerseError(`could not read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const parsed = parsePyproject(text, file, dirname(file));
  return { file, root: dirname(file), original: text, project: parsed, editor: new TomlEditor(text, file) };
}

/** Writes the edited text when it differs from what was read; returns whether it wrote. */
export function saveProjectFile(pf: ProjectFile): boolean {
  if (pf.editor.text === pf.original) return false;
  // the result must still be a valid pyproject before it replaces the user's file
  parsePyproject(pf.editor.text, pf.file, pf.root);
  writeFileAtomic(pf.file, pf.editor.text);
  return true;
}
