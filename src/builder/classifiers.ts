/**
 * Trove classifiers poetry-core adds on its own: one "Programming Language :: Python :: X[.Y]"
 * per Python the project's constraint allows, and a license classifier for a well-known
 * license id. They are merged with the declared ones in poetry-core's order: sorted, with the
 * Python ones inserted (in version order) where they sort.
 */
import { parseConstraint } from "../standards/constraint.ts";
import { Version } from "../standards/version.ts";

/** The Pythons poetry-core 2.x knows classifiers for, in version order. */
const KNOWN_PYTHONS = ["2", "2.7", "3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"];
const PREFIX = "Programming Language :: Python";

/** SPDX id → classifier, for the licenses projects commonly declare. */
const LICENSE_CLASSIFIERS: Readonly<Record<string, string>> = {
  "MIT": "License :: OSI Approved :: MIT License",
  "Apache-2.0": "License :: OSI Approved :: Apache Software License",
  "BSD-2-Clause": "License :: OSI Approved :: BSD License",
  "BSD-3-Clause": "License :: OSI Approved :: BSD License",
  "BSD-4-Clause": "License :: OSI Approved :: BSD License",
  "GPL-2.0": "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
  "GPL-2.0-only": "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
  "GPL-2.0-or-later": "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
  "GPL-2.0+": "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
  "GPL-3.0": "License :: OSI Approved :: GNU General Public License v3 (GPLv3)",
  "GPL-3.0-only": "License :: OSI Approved :: GNU General Public License v3 (GPLv3)",
  "GPL-3.0-or-later": "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
  "GPL-3.0+": "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
  "LGPL-2.1": "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)",
  "LGPL-2.1-only": "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)",
  "LGPL-2.1-or-later": "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)",
  "LGPL-3.0": "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
  "LGPL-3.0-only": "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
  "LGPL-3.0-or-later": "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)",
  "AGPL-3.0": "License :: OSI Approved :: GNU Affero General Public License v3",
  "AGPL-3.0-only": "License :: OSI Approved :: GNU Affero General Public License v3",
  "AGPL-3.0-or-later": "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)",
  "MPL-2.0": "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)",
  "ISC": "License :: OSI Approved :: ISC License (ISCL)",
  "Unlicense": "License :: OSI Approved :: The Unlicense (Unlicense)",
  "Proprietary": "License :: Other/Proprietary License",
};

/** The classifier for a license id, matched case-insensitively, or null. */
export function licenseClassifier(id: string): string | null {
  const key = Object.keys(LICENSE_CLASSIFIERS).find((k) => k.toLowerCase() === id.trim().toLowerCase());
  return key === undefined ? null : (LICENSE_CLASSIFIERS[key] as string);
}

/** "Programming Language :: Python :: X" for every known Python the constraint allows. */
export function pythonClassifiers(pythonConstraint: string): string[] {
  const c = parseConstraint(pythonConstraint === "*" ? "~2.7 || ^3.4" : pythonConstraint);
  const out: string[] = [];
  for (const v of KNOWN_PYTHONS) {
    const allowed = v.includes(".") ? c.allows(Version.parse(v)) : c.allowsAny(parseConstraint(`${v}.*`));
    if (allowed) out.push(`${PREFIX} :: ${v}`);
  }
  return out;
}

/** Declared + automatic classifiers, in poetry-core's order. */
export function allClassifiers(declared: readonly string[], pythonConstraint: string, license: string | null): string[] {
  const python = pythonClassifiers(pythonConstraint);
  const set = new Set(declared);
  if (license !== null) {
    const lc = licenseClassifier(license);
    if (lc !== null) set.add(lc);
  }
  const sorted = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  let inserted = false;
  for (const c of sorted) {
    if (!inserted && c > PREFIX) {
      out.push(...python);
      inserted = true;
    }
    out.push(c);
  }
  if (!inserted) out.push(...python);
  return out;
}
