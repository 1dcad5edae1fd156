/**
 * The registry names each command without loading its module (start-up cost); what it writes
 * must be what the module defines, and every command file must be listed.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { registry } from "../../../src/commands/registry.ts";

const DIR = join(import.meta.dir, "../../../src/commands");

describe("the command registry", () => {
  test.each(registry.commands.map((c) => [c.name, c] as const))("%s: index entry matches its module", async (_name, command) => {
    const spec = await command.load();
    expect({ name: command.name, summary: command.summary, aliases: command.aliases, hidden: command.hidden }).toEqual({
      name: spec.name,
      summary: spec.summary,
      aliases: spec.aliases,
      hidden: spec.hidden,
    });
    expect(command.options).toBe(spec.options);
    expect(command.arguments).toBe(spec.arguments);
    expect(command.description).toBe(spec.description);
    expect(command.passthrough).toBe(spec.passthrough);
  });

  test("lists every command module once", async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts") && f !== "registry.ts");
    const defined: string[] = [];
    for (const f of files) {
      const mod = (await import(join(DIR, f))) as { default?: { name?: unknown; run?: unknown } };
      if (mod.default && typeof mod.default.name === "string" && typeof mod.default.run === "function") defined.push(mod.default.name);
    }
    expect(registry.commands.map((c) => c.name).sort()).toEqual(defined.sort());
  });
});

test("unbundled, a command's details load on first touch, without load()", () => {
  const registryPath = join(import.meta.dir, "../../../src/commands/registry.ts");
  const script = `import { registry } from ${JSON.stringify(registryPath)}; const add = registry.commands.find((c) => c.name === "add"); console.log(add.options.some((o) => o.name === "group"), add.arguments.length > 0);`;
  const r = Bun.spawnSync([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
  expect(r.stderr.toString()).toBe("");
  expect(r.stdout.toString()).toBe("true true\n");
});
