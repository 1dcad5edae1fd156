/** The wheel tags an interpreter supports, computed from its query report (memoized per executable). */
import type { InterpreterInfo } from "../python/index.ts";
import { type InterpreterFacts, type PlatformFacts, type Tag, sysTags } from "../standards/tags.ts";

function pair(text: string | null): readonly [number, number] | null {
  if (text === null) return null;
  const [a, b] = text.split(".").map(Number);
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
}

function platformFacts(info: InterpreterInfo): PlatformFacts {
  const platform = info.platform ?? "unknown";
  const is32bit = !info.max_size_64;
  if (info.markers.sys_platform === "linux") {
    return { system: "linux", sysconfigPlatform: platform, is32bit, glibc: pair(info.glibc_version), musl: pair(info.musl_version) };
  }
  if (info.markers.sys_platform === "darwin") {
    return { system: "macos", version: pair(info.mac_version) ?? [10, 9], machine: info.markers.platform_machine, is32bit };
  }
  return { system: info.markers.os_name === "nt" ? "windows" : "other", sysconfigPlatform: platform };
}

export function interpreterFacts(info: InterpreterInfo): InterpreterFacts {
  return {
    implementationName: info.markers.implementation_name,
    pythonVersion: [info.version_info[0], info.version_info[1]],
    config: {
      Py_DEBUG: info.py_debug ? 1 : 0,
      WITH_PYMALLOC: (info.abiflags ?? "").includes("m") ? 1 : 0,
      Py_GIL_DISABLED: info.gil_disabled ? 1 : 0,
      SOABI: info.soabi,
      EXT_SUFFIX: info.ext_suffix,
    },
    platform: platformFacts(info),
  };
}

const memo = new Map<string, Tag[]>();

/** Supported tags, best first. */
export function interpreterTags(info: InterpreterInfo): Tag[] {
  const key = `${info.executable}\u0000${info.version}\u0000${info.platform}`;
  let tags = memo.get(key);
  if (tags === undefined) {
    tags = sysTags(interpreterFacts(info));
    memo.set(key, tags);
  }
  return tags;
}
