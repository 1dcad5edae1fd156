import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  InvalidMetadata,
  decodeDescriptionHeader,
  emitMetadata,
  parseMetadata,
  parseRawMetadata,
  rawValues,
  type CoreMetadata,
  type ParsedMetadata,
} from "../../src/standards/metadata.ts";
import { VECTORS_DIR, loadVector } from "../helpers/vectors.ts";

const typed = (m: ParsedMetadata): CoreMetadata => {
  const { raw: _raw, ...rest } = m;
  return rest;
};

function catchError(run: () => unknown): InvalidMetadata {
  try {
    run();
  } catch (e) {
    if (e instanceof InvalidMetadata) return e;
    throw e;
  }
  throw new Error("expected InvalidMetadata");
}

describe("packaging/fixtures/everything.metadata", () => {
  const text = readFileSync(join(VECTORS_DIR, "packaging/fixtures/everything.metadata"), "utf8");
  const m = parseMetadata(text);

  test("every field, as packaging's parse_email reads it", () => {
    expect(m.metadataVersion).toBe("2.6");
    expect(m.name).toBe("BeagleVote");
    expect(m.version).toBe("1.0a2");
    expect(m.platforms).toEqual(["ObscureUnix", "RareDOS"]);
    expect(m.supportedPlatforms).toEqual(["RedHat 7.2", "i386-win32-2791"]);
    expect(m.summary).toBe("A module for collecting votes from beagles.");
    expect(m.descriptionContentType).toBe("text/markdown; charset=UTF-8; variant=GFM");
    expect(m.keywords).toEqual(["dog", "puppy", "voting", "election"]);
    expect(m.homePage).toBe("http://www.example.com/~cschultz/bvote/");
    expect(m.downloadUrl).toBe("…/BeagleVote-0.45.tgz");
    const person = "C. Schultz, Universal Features Syndicate,\n        Los Angeles, CA <cschultz@peanuts.example.com>";
    expect(m.author).toBe(person);
    expect(m.authorEmail).toBe('"C. Schultz" <cschultz@example.com>');
    expect(m.maintainer).toBe(person);
    expect(m.maintainerEmail).toBe('"C. Schultz" <cschultz@example.com>');
    expect(m.license).toBe(
      "This software may only be obtained by sending the\n        author a postcard, and then the user promises not\n        to redistribute it.",
    );
    expect(m.licenseExpression).toBe("Apache-2.0 OR BSD-2-Clause");
    expect(m.licenseFiles).toEqual(["LICENSE.APACHE", "LICENSE.BSD"]);
    expect(m.classifiers).toEqual(["Development Status :: 4 - Beta", "Environment :: Console (Text Based)"]);
    expect(m.providesExtra).toEqual(["pdf"]);
    expect(m.requiresDist).toEqual([
      "reportlab; extra == 'pdf'",
      "pkginfo",
      "PasteDeploy",
      "zope.interface (>3.5.0)",
      "pywin32 >1.0; sys_platform == 'win32'",
    ]);
    expect(m.requiresPython).toBe(">=3");
    expect(m.requiresExternal).toEqual(["C", "libpng (>=1.5)", 'make; sys_platform != "win32"']);
    expect(m.projectUrls).toEqual([
      { label: "Bug Tracker", url: "http://bitbucket.org/tarek/distribute/issues/" },
      { label: "Documentation", url: "https://example.com/BeagleVote" },
    ]);
    expect(m.providesDist).toEqual(["OtherProject", "AnotherProject (3.4)", 'virtual_package; python_version >= "3.4"']);
    expect(m.dynamic).toEqual(["Obsoletes-Dist"]);
    expect(m.importNames).toEqual(["beaglevote", "_beaglevote ; private"]);
    expect(m.importNamespaces).toEqual(["spam", "_bacon ; private"]);
    expect(m.otherFields).toEqual([["ThisIsNotReal", "Hello!"]]);
    expect(m.description).toBe("This description intentionally left blank.\n");
    // packaging 26.2's parse_email returns 28 known keys for this file (the description from
    // the body included); the upstream test's "24" predates the 2.4/2.5 fields in the fixture.
    const distinct = new Set(m.raw.headers.map(([n]) => n.toLowerCase()));
    distinct.delete("thisisnotreal");
    expect(distinct.size + 1).toBe(28);
    expect(rawValues(m.raw, "PLATFORM")).toEqual(["ObscureUnix", "RareDOS"]);
  });

  test("round trip: emit then parse gives the same model", () => {
    const again = parseMetadata(emitMetadata(m));
    expect(typed(again)).toEqual(typed(m));
    expect(emitMetadata(again)).toBe(emitMetadata(m));
  });

  test("strict validation refuses Metadata-Version 2.6 (as packaging 26 does)", () => {
    const err = catchError(() => parseMetadata(text, { validate: true }));
    expect(err.field).toBe("Metadata-Version");
    expect(err.message).toContain("'2.6' is not a valid metadata version");
  });

  test("strict validation accepts it declared as 2.5", () => {
    const m25 = parseMetadata(text.replace("Metadata-Version: 2.6", "Metadata-Version: 2.5"), { validate: true });
    expect(m25.metadataVersion).toBe("2.5");
  });
});

interface Dist {
  file: string;
  dist_info?: string;
  METADATA?: string;
  "PKG-INFO"?: string;
}
const dists = loadVector<{ files: Dist[] }>("wheels/wheels.json").files;

describe("METADATA of the real wheels (wheels/wheels.json)", () => {
  const whl = dists.filter((d) => d.METADATA !== undefined);
  test.each(whl.map((d) => [d.file, d] as const))("%s", (_, d) => {
    const zip = join(VECTORS_DIR, "wheels", d.file);
    const bytes = new Uint8Array(Bun.spawnSync(["unzip", "-p", zip, `${d.dist_info}/METADATA`]).stdout);
    const m = parseMetadata(bytes);
    expect(m.raw.headers.length).toBeGreaterThan(3);
    expect(parseMetadata(d.METADATA as string)).toEqual(m);
    expect(`${m.name.toLowerCase().replace(/-/g, "_")}-${m.version}.dist-info`).toBe(d.dist_info as string);
    expect(typed(parseMetadata(emitMetadata(m)))).toEqual(typed(m));
  });

  test("demo: Requires-Dist, extras, an empty Summary, UTF-8 author", () => {
    const m = parseMetadata(dists.find((d) => d.file.startsWith("demo-0.1.0-py"))?.METADATA as string);
    expect(m.summary).toBe("");
    expect(m.author).toBe("Sébastien Eustace");
    expect(m.providesExtra).toEqual(["bar", "foo"]);
    expect(m.requiresDist).toEqual(['cleo; extra == "foo"', "pendulum (>=1.4.4)", 'tomlkit; extra == "bar"']);
    expect(m.description).toBeNull();
  });

  test("simple_project: description in the body, Project-URLs", () => {
    const m = parseMetadata(dists.find((d) => d.file.startsWith("simple_project-1.2.3-"))?.METADATA as string);
    expect(m.description).toBe("My Package\n==========\n\n");
    expect(m.descriptionContentType).toBe("text/x-rst");
    expect(m.keywords).toEqual(["packaging", "dependency", "poetry"]);
    expect(m.projectUrls.map((u) => u.label)).toEqual(["Documentation", "Repository"]);
    expect(parseMetadata(emitMetadata(m), { validate: true }).name).toBe("simple-project");
  });

  test("test-1.0 (Metadata-Version 1.3, Description header): readable, refused when strict", () => {
    const m = parseMetadata(dists.find((d) => d.file.startsWith("test-1.0"))?.METADATA as string);
    expect(m.metadataVersion).toBe("1.3");
    expect(m.description).toBe("UNKNOWN");
    expect(m.classifiers).toHaveLength(7);
    expect(catchError(() => parseMetadata(emitMetadata(m), { validate: true })).field).toBe("Metadata-Version");
  });

  test("fancy: space-separated keywords stay one keyword (packaging splits on commas)", () => {
    const m = parseMetadata(dists.find((d) => d.file.startsWith("fancy"))?.METADATA as string);
    expect(m.keywords).toEqual(["fancy amazing"]);
    expect(m.platforms).toEqual(["UNKNOWN"]);
  });
});

describe("PKG-INFO of the real sdists", () => {
  test.each(dists.filter((d) => d["PKG-INFO"] !== undefined).map((d) => [d.file, d] as const))("%s", (_, d) => {
    const m = parseMetadata(d["PKG-INFO"] as string, { validate: true });
    expect(m.version).toMatch(/^\d/);
    expect(typed(parseMetadata(emitMetadata(m)))).toEqual(typed(m));
  });
});

describe("format rules", () => {
  test("field names are case-insensitive; CRLF line endings", () => {
    const m = parseMetadata("metadata-version: 2.1\r\nNAME: x\r\nversion: 1\r\nCLASSIFIER: a\r\nclassifier: b\r\n");
    expect([m.name, m.version, m.classifiers]).toEqual(["x", "1", ["a", "b"]]);
    expect(m.description).toBeNull();
  });
  test("the Description header's '|' convention and plain indentation", () => {
    expect(decodeDescriptionHeader("line one\n       |\n       |  indented\n       |last")).toBe(
      "line one\n\n  indented\nlast",
    );
    expect(decodeDescriptionHeader("line one\n        |x\n        |")).toBe("line one\nx\n");
    expect(decodeDescriptionHeader("Title\n        =====\n        \n          code")).toBe("Title\n=====\n\n  code");
    const m = parseMetadata("Metadata-Version: 1.0\nName: x\nVersion: 1\nDescription: a\n       |b\n");
    expect(m.description).toBe("a\nb");
  });
  test("a non-header line ends the headers and starts the body (Python's email parser)", () => {
    const raw = parseRawMetadata("Name: x\nVersion: 1\nnot a header\nBar: b\n");
    expect(raw.headers.map(([n]) => n)).toEqual(["Name", "Version"]);
    expect(raw.body).toBe("not a header\nBar: b\n");
  });
  test("the first value of a repeated single field wins unless strict", () => {
    const text = "Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: one\nSummary: two\n";
    expect(parseMetadata(text).summary).toBe("one");
    expect(catchError(() => parseMetadata(text, { validate: true })).field).toBe("Summary");
  });
  test("typed errors name the field", () => {
    expect(catchError(() => parseMetadata("Name: x\nVersion: 1\n")).field).toBe("Metadata-Version");
    expect(catchError(() => parseMetadata("Metadata-Version: 2.1\nVersion: 1\n")).field).toBe("Name");
    expect(catchError(() => parseMetadata("Metadata-Version: 2.1\nName: x\n")).field).toBe("Version");
    expect(catchError(() => parseMetadata("Metadata-Version: 3.0\nName: x\nVersion: 1\n")).field).toBe(
      "Metadata-Version",
    );
    expect(catchError(() => parseMetadata("Metadata-Version: two\nName: x\nVersion: 1\n")).field).toBe(
      "Metadata-Version",
    );
    const strict = { validate: true };
    expect(catchError(() => parseMetadata("Metadata-Version: 2.1\nName: -x\nVersion: 1\n", strict)).field).toBe("Name");
    expect(catchError(() => parseMetadata("Metadata-Version: 2.1\nName: x\nVersion: one\n", strict)).field).toBe(
      "Version",
    );
    expect(
      catchError(() => parseMetadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nDynamic: Summary\n", strict)).field,
    ).toBe("Dynamic");
    expect(
      catchError(() => parseMetadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nDescription: a\n\nb", strict)).field,
    ).toBe("Description");
    expect(
      catchError(() => parseMetadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nProject-URL: nocomma\n", strict)).field,
    ).toBe("Project-URL");
    expect(catchError(() => parseMetadata(new Uint8Array([0xff, 0xfe]), strict)).field).toBeNull();
  });
  test("a newer minor version is readable when not strict (the spec only forbids a newer major)", () => {
    expect(parseMetadata("Metadata-Version: 2.9\nName: x\nVersion: 1\n").metadataVersion).toBe("2.9");
  });
});

describe("emitMetadata", () => {
  test("stable order, description in the body, multi-line values folded", () => {
    const text = emitMetadata({
      name: "demo",
      version: "1.0",
      summary: "S",
      requiresDist: ["a>=1", 'b; extra == "x"'],
      providesExtra: ["x"],
      classifiers: ["C :: D"],
      projectUrls: [{ label: "Home", url: "https://e.x" }],
      license: "line one\nline two",
      keywords: ["k1", "k2"],
      description: "# Title\n\nBody\n",
      descriptionContentType: "text/markdown",
      otherFields: [["X-Custom", "v"]],
    });
    expect(text).toBe(
      [
        "Metadata-Version: 2.4",
        "Name: demo",
        "Version: 1.0",
        "Summary: S",
        "License: line one",
        "        line two",
        "Keywords: k1,k2",
        "Classifier: C :: D",
        "Provides-Extra: x",
        "Requires-Dist: a>=1",
        'Requires-Dist: b; extra == "x"',
        "Project-URL: Home, https://e.x",
        "Description-Content-Type: text/markdown",
        "X-Custom: v",
        "",
        "# Title",
        "",
        "Body",
        "",
      ].join("\n"),
    );
    const m = parseMetadata(text, { validate: true });
    expect(m.license).toBe("line one\n        line two");
    expect(m.description).toBe("# Title\n\nBody\n");
  });
});
