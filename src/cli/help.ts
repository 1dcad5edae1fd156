/** Help screens in the layout Poetry (cleo) users know: Description / Usage / Arguments / Options. */
import { GLOBAL_OPTIONS } from "./globals.ts";
import type { Output } from "./output.ts";
import type { CommandSpec, OptionSpec } from "./spec.ts";
import type { Registry } from "./parse.ts";

/** Ordinal order: command names are lower-case ASCII, and localeCompare costs ~0.5 ms of ICU set-up. */
function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function optionLabel(o: OptionSpec): string {
  const short = o.short ? (o.name === "verbose" ? "-v|vv|vvv" : `-${o.short}`) : "";
  const long = `--${o.name}${o.value ? `=${o.value}` : ""}`;
  return short ? `${short}, ${long}` : `    ${long}`;
}

function table(out: Output, rows: [string, string][]): void {
  const width = Math.max(0, ...rows.map(([l]) => l.length)) + 2;
  for (const [label, text] of rows) out.result(`  ${out.style(label.padEnd(width), "info")}${text}`);
}

function optionRows(options: readonly OptionSpec[]): [string, string][] {
  return options
    .filter((o) => !o.hidden)
    .map((o) => [optionLabel(o), o.description + (o.defaultText ? ` [default: ${o.defaultText}]` : "") + (o.multiple && o.value ? " (multiple values allowed)" : "")]);
}

export function usageLine(command: CommandSpec): string {
  const parts = [command.name];
  if ((command.options ?? []).length > 0) parts.push("[options]");
  const args = command.arguments ?? [];
  if (args.length > 0) parts.push("[--]");
  for (const a of args) {
    let text = `<${a.name}>${a.variadic ? "..." : ""}`;
    if (!a.required) text = `[${text}]`;
    parts.push(text);
  }
  if (command.passthrough) parts.push("[<args>...]");
  return parts.join(" ");
}

export function renderCommandHelp(out: Output, command: CommandSpec): void {
  out.result(out.style("Description:", "comment"));
  out.result(`  ${command.description ?? command.summary}`);
  out.result("");
  out.result(out.style("Usage:", "comment"));
  out.result(`  ${usageLine(command)}`);
  for (const alias of command.aliases ?? []) out.result(`  ${alias}`);
  const args = command.arguments ?? [];
  if (args.length > 0) {
    out.result("");
    out.result(out.style("Arguments:", "comment"));
    table(out, args.map((a) => [a.name, a.description]));
  }
  const options = optionRows(command.options ?? []);
  out.result("");
  out.result(out.style("Options:", "comment"));
  table(out, [...options, ...optionRows(GLOBAL_OPTIONS)]);
}

export function renderAppHelp(out: Output, registry: Registry, version: string): void {
  out.result(`${out.style("verse", "c1")} (version ${out.style(version, "comment")})`);
  out.result("");
  out.result(out.style("Usage:", "comment"));
  out.result("  command [options] [arguments]");
  out.result("");
  out.result(out.style("Options:", "comment"));
  table(out, optionRows(GLOBAL_OPTIONS));
  out.result("");
  out.result(out.style("Available commands:", "comment"));
  const visible = registry.commands.filter((c) => !c.hidden);
  const width = Math.max(...visible.map((c) => c.name.length)) + 2;
  const top = visible.filter((c) => !c.name.includes(" ")).sort(byName);
  for (const c of top) out.result(`  ${out.style(c.name.padEnd(width), "info")}${c.summary}`);
  const groups = new Map<string, CommandSpec[]>();
  for (const c of visible.filter((c) => c.name.includes(" "))) {
    const ns = c.name.split(" ")[0]!;
    groups.set(ns, [...(groups.get(ns) ?? []), c]);
  }
  for (const ns of [...groups.keys()].sort()) {
    out.result("");
    out.result(` ${out.style(ns, "comment")}`);
    for (const c of groups.get(ns)!.sort(byName)) {
      out.result(`  ${out.style(c.name.padEnd(width), "info")}${c.summary}`);
    }
  }
}
