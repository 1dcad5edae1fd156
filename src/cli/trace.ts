/**
 * VERSE_TRACE=1: phase timings on stderr when the process exits, for profiling by hand
 * (`VERSE_TRACE=1 verse install`). Any layer marks a phase with the standard global
 * `performance.mark("install: planned")` (no import, so lower layers need nothing from here, and
 * a mark costs about a microsecond when tracing is off); this module only prints them. Times are
 * milliseconds since the process started, so the first line also shows the start-up cost
 * (runtime boot + loading modules).
 */
export function enableTrace(env: Readonly<Record<string, string | undefined>>, write: (text: string) => void): boolean {
  const v = env.VERSE_TRACE;
  if (v === undefined || v === "" || v === "0") return false;
  performance.mark("main: modules loaded");
  process.on("exit", () => {
    let last = 0;
    const lines = ["verse trace (ms since start | since previous mark):"];
    for (const m of performance.getEntriesByType("mark")) {
      lines.push(`  ${m.startTime.toFixed(1).padStart(8)} | +${(m.startTime - last).toFixed(1).padStart(7)}  ${m.name}`);
      last = m.startTime;
    }
    lines.push(`  ${performance.now().toFixed(1).padStart(8)} | +${(performance.now() - last).toFixed(1).padStart(7)}  exit`);
    write(`${lines.join("\n")}\n`);
  });
  return true;
}
