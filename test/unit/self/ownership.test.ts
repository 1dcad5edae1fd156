import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSha256Sums, verifySha256 } from "../../../src/self/download.ts";
import { UpdateError } from "../../../src/self/errors.ts";
import { managerByPath, underBrewPrefix } from "../../../src/self/manager.ts";
import { refuse, resolveOwnership } from "../../../src/self/ownership.ts";
import { stripMarkedLines } from "../../../src/self/rc-files.ts";
import { assetName, chooseAsset } from "../../../src/self/target.ts";
import { normaliseVersion } from "../../../src/self/update.ts";

describe("managers", () => {
  test("recognised by path", () => {
    expect(managerByPath(["/opt/homebrew/Cellar/verse/0.2.0/bin/verse"])?.update).toBe("brew upgrade verse");
    expect(managerByPath(["/home/linuxbrew/.linuxbrew/Cellar/verse/1.0.0/bin/verse"])?.name).toBe("Homebrew");
    expect(managerByPath(["/nix/store/abc-verse-1.0/bin/verse"])?.name).toBe("Nix");
    expect(managerByPath(["C:\\Users\\u\\scoop\\apps\\verse\\current\\verse.exe"])?.update).toBe("scoop update verse");
    expect(managerByPath(["/home/u/.local/bin/verse"])).toBeNull();
  });
  test("Homebrew's prefix counts only as weak evidence", () => {
    expect(underBrewPrefix(["/opt/homebrew/bin/verse"], { HOMEBREW_PREFIX: "/opt/homebrew" }, null)).toBe(true);
    expect(underBrewPrefix(["/usr/local/bin/verse"], {}, "/usr/local")).toBe(true);
    expect(underBrewPrefix(["/usr/local/bin/verse"], {}, null)).toBe(false);
    expect(underBrewPrefix(["/opt/homebrew-other/verse"], { HOMEBREW_PREFIX: "/opt/homebrew" }, null)).toBe(false);
  });
});

describe("ownership", () => {
  test("a receipt naming this binary wins over Homebrew's prefix; none, or another copy's, is refused", () => {
    const home = mkdtempSync(join(tmpdir(), "verse-own-"));
    try {
      const bin = join(home, "bin", "verse");
      mkdirSync(join(home, "bin"));
      writeFileSync(bin, "");
      expect(resolveOwnership(bin, { HOME: home }, "linux", () => null).kind).toBe("unknown");
      expect(resolveOwnership(bin, { HOME: home }, "linux", () => home).kind).toBe("manager");
      mkdirSync(join(home, ".local/share/verse"), { recursive: true });
      const receipt = { version: "0.1.0", install_dir: join(home, "bin"), binary: bin, target: "verse-linux-x64", modify_path: false, path_modified: false, source: "install.sh", download_url: "http://127.0.0.1:1" };
      writeFileSync(join(home, ".local/share/verse/install-receipt.json"), JSON.stringify(receipt));
      expect(resolveOwnership(bin, { HOME: home }, "linux", () => home).kind).toBe("installer");
      const other = resolveOwnership(join(home, "elsewhere"), { HOME: home }, "linux", () => null);
      expect(other.kind).toBe("other-copy");
      if (other.kind === "other-copy") expect(refuse(other, "update").hint).toContain(`${bin} self update`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("rc lines", () => {
  test("only the marked lines (and the blank line the installer wrote before each) go", () => {
    const before = "# mine\nexport A=1\n";
    const after = `${before}\n. "/h/.local/share/verse/env"  # verse\n`;
    expect(stripMarkedLines(after)).toBe(before);
    expect(stripMarkedLines(before)).toBeNull();
    expect(stripMarkedLines("echo '# verse is great'\n")).toBeNull();
    expect(stripMarkedLines('a\r\n. "env"  # verse\r\nb\r\n')).toBe("a\r\nb\r\n");
  });
});

describe("targets, versions, checksums", () => {
  test("asset names follow build.ts", () => {
    expect(assetName("linux", "x64", false)).toBe("verse-linux-x64");
    expect(assetName("linux", "arm64", true)).toBe("verse-linux-arm64-musl");
    expect(assetName("darwin", "arm64", true)).toBe("verse-darwin-arm64");
    expect(assetName("win32", "x64", false)).toBe("verse-windows-x64.exe");
    expect(assetName("freebsd", "x64", false)).toBeNull();
    expect(chooseAsset("verse-linux-x64-musl")).toBe("verse-linux-x64-musl");
    expect(chooseAsset("../../etc/passwd")).toBe(chooseAsset(undefined));
  });
  test("versions: a leading v is fine; anything else that is not semver is a usage error", () => {
    expect(normaliseVersion("v1.2.3")).toBe("1.2.3");
    expect(normaliseVersion(" 0.2.0-rc.1 ")).toBe("0.2.0-rc.1");
    expect(() => normaliseVersion("latest")).toThrow('"latest" is not a valid verse version');
  });
  test("SHA256SUMS parsing and fail-closed verification", () => {
    const bytes = new TextEncoder().encode("hello");
    const hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    const sums = parseSha256Sums(`${hash}  verse-linux-x64\n${"0".repeat(64)} *verse-windows-x64.exe\nnot a line\n`);
    expect(sums.get("verse-windows-x64.exe")).toBe("0".repeat(64));
    expect(() => verifySha256(bytes, "verse-linux-x64", sums, "0.1.0")).not.toThrow();
    expect(() => verifySha256(bytes, "verse-windows-x64.exe", sums, "0.1.0")).toThrow(UpdateError);
    expect(() => verifySha256(bytes, "verse-darwin-x64", sums, "0.1.0")).toThrow("not listed in SHA256SUMS");
  });
});
