/**
 * METADATA / PKG-INFO text exactly as poetry-core 2.x lays it out: Metadata-Version 2.4, Name,
 * Version, Summary, then the optional fields in its fixed order, the description as the body
 * after a blank line, and a final newline.
 */
import type { BuildMetadata } from "./spec.ts";

export const METADATA_VERSION = "2.4";

/** A multi-line value stays one header: every following line (even an empty one) is indented. */
function folded(header: string, value: string): string {
  const pad = " ".repeat(header.length + 2);
  const lines = value.split(/\r?\n/);
  return `${header}: ${lines.map((l, i) => (i === 0 ? l : pad + l)).join("\n").trim()}\n`;
}

export function metadataText(m: BuildMetadata): string {
  let out = `Metadata-Version: ${METADATA_VERSION}\nName: ${m.name}\nVersion: ${m.version}\nSummary: ${m.summary}\n`;
  if (m.license) out += folded("License", m.license);
  if (m.licenseExpression) out += `License-Expression: ${m.licenseExpression}\n`;
  for (const f of m.licenseFiles) out += `License-File: ${f}\n`;
  if (m.keywords) out += `Keywords: ${m.keywords}\n`;
  if (m.author) out += `Author: ${m.author}\n`;
  if (m.authorEmail) out += `Author-email: ${m.authorEmail}\n`;
  if (m.maintainer) out += `Maintainer: ${m.maintainer}\n`;
  if (m.maintainerEmail) out += `Maintainer-email: ${m.maintainerEmail}\n`;
  if (m.requiresPython) out += `Requires-Python: ${m.requiresPython}\n`;
  for (const c of m.classifiers) out += `Classifier: ${c}\n`;
  for (const e of m.providesExtra) out += `Provides-Extra: ${e}\n`;
  for (const d of m.requiresDist) out += `Requires-Dist: ${d}\n`;
  for (const u of m.projectUrls) out += `Project-URL: ${u}\n`;
  if (m.descriptionContentType) out += `Description-Content-Type: ${m.descriptionContentType}\n`;
  if (m.description !== null) out += `\n${m.description}\n`;
  return out;
}
