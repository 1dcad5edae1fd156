import { describe, expect, test } from "bun:test";
import { allClassifiers, licenseClassifier, pythonClassifiers } from "../../../src/builder/classifiers.ts";
import { metadataText } from "../../../src/builder/metadata.ts";
import type { BuildMetadata } from "../../../src/builder/spec.ts";

describe("python classifiers", () => {
  test("one per known Python the constraint allows, majors included", () => {
    expect(pythonClassifiers("^3.10")).toEqual(["3", "3.10", "3.11", "3.12", "3.13", "3.14"].map((v) => `Programming Language :: Python :: ${v}`));
    expect(pythonClassifiers("~3.9")).toEqual(["3", "3.9"].map((v) => `Programming Language :: Python :: ${v}`));
    // "*" means poetry-core's default range ~2.7 || ^3.4
    expect(pythonClassifiers("*")[0]).toBe("Programming Language :: Python :: 2");
    expect(pythonClassifiers("*")).toContain("Programming Language :: Python :: 3.4");
    expect(pythonClassifiers("*")).not.toContain("Programming Language :: Python :: 3.3");
  });

  test("merged with the declared ones where they sort, license classifier added", () => {
    expect(allClassifiers(["Topic :: Utilities", "Intended Audience :: Developers"], "~3.11", "MIT")).toEqual([
      "Intended Audience :: Developers",
      "License :: OSI Approved :: MIT License",
      "Programming Language :: Python :: 3",
      "Programming Language :: Python :: 3.11",
      "Topic :: Utilities",
    ]);
    expect(allClassifiers([], "~3.11", null)).toEqual(["Programming Language :: Python :: 3", "Programming Language :: Python :: 3.11"]);
    expect(licenseClassifier("apache-2.0")).toBe("License :: OSI Approved :: Apache Software License");
    expect(licenseClassifier("Some Custom License")).toBeNull();
  });
});

const base: BuildMetadata = {
  name: "demo",
  version: "1.0",
  summary: "",
  license: null,
  licenseExpression: null,
  licenseFiles: [],
  keywords: "",
  author: null,
  authorEmail: null,
  maintainer: null,
  maintainerEmail: null,
  requiresPython: null,
  classifiers: [],
  providesExtra: [],
  requiresDist: [],
  projectUrls: [],
  descriptionContentType: null,
  description: null,
};

describe("METADATA text", () => {
  test("the minimum: four fields, no body", () => {
    expect(metadataText(base)).toBe("Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nSummary: \n");
  });

  test("poetry-core's field order and the description as body", () => {
    const text = metadataText({
      ...base,
      license: "MIT",
      licenseExpression: null,
      licenseFiles: ["LICENSE", "NOTICE"],
      keywords: "a,b",
      author: "A",
      authorEmail: "a@x",
      maintainer: "M",
      maintainerEmail: "m@x",
      requiresPython: ">=3.8",
      classifiers: ["C"],
      providesExtra: ["x"],
      requiresDist: ["r (>=1)"],
      projectUrls: ["Homepage, https://h"],
      descriptionContentType: "text/markdown",
      description: "# Hi",
    });
    expect(text.split("\n").map((l) => l.split(":")[0])).toEqual([
      "Metadata-Version", "Name", "Version", "Summary", "License", "License-File", "License-File", "Keywords", "Author", "Author-email",
      "Maintainer", "Maintainer-email", "Requires-Python", "Classifier", "Provides-Extra", "Requires-Dist", "Project-URL",
      "Description-Content-Type", "", "# Hi", "",
    ]);
  });

  test("a multi-line license text stays one header (every line indented, blank ones too)", () => {
    const text = metadataText({ ...base, license: "Line one\n\nLine three" });
    expect(text).toContain("License: Line one\n         \n         Line three\n");
  });
});
