/**
 * Upload progress, one file at a time: on a terminal, one line per file redrawn in place with a
 * bar and the bytes sent; otherwise plain lines (one when the upload ends), so logs and CI stay
 * readable. The installer's DownloadProgress draws several concurrent downloads by name without
 * byte counts, so it does not fit here: uploads are sequential and the bytes are what matter.
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const BAR_WIDTH = 30;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export type FileOutcome = "uploaded" | "skipped" | "dry-run" | "failed";

export class UploadProgress {
  /** `size` is the file's; `total` the request body's (file + form fields), known once sending starts. */
  private current: { label: string; size: number; total: number; drawnAt: number; percent: number } | null = null;

  /**
   * `stream` gets the bar (a terminal) or nothing; `line` gets the plain lines and the final
   * line of each file on a terminal too.
   */
  constructor(
    private readonly stream: ProgressStream | null,
    private readonly line: (text: string) => void,
  ) {}

  private get tty(): boolean {
    return this.stream?.isTTY === true;
  }

  start(label: string, size: number): void {
    this.current = { label, size, total: size, drawnAt: 0, percent: -1 };
    if (this.tty) this.draw(0);
  }

  /** Bytes of the request body sent so far (a retry starts again from 0). */
  advance(sent: number, total: number): void {
    if (!this.tty || this.current === null) return;
    this.current.total = total;
    const now = Date.now();
    const percent = this.current.total === 0 ? 100 : Math.floor((sent / this.current.total) * 100);
    // redraw at most every 50 ms, but always for a new percentage at the ends
    if (percent === this.current.percent || (now - this.current.drawnAt < 50 && percent < 100)) return;
    this.current.drawnAt = now;
    this.current.percent = percent;
    this.draw(sent);
  }

  private draw(sent: number): void {
    const c = this.current;
    if (c === null || this.stream === null) return;
    const ratio = c.total === 0 ? 1 : Math.min(1, sent / c.total);
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
    this.stream.write(`\r\x1b[2K - Uploading ${c.label} ${bar} ${pct} ${formatBytes(Math.min(sent, c.total))}/${formatBytes(c.total)}`);
  }

  end(outcome: FileOutcome, note = ""): void {
    const c = this.current;
    if (c === null) return;
    if (this.tty) this.stream?.write("\r\x1b[2K");
    const size = formatBytes(c.size);
    if (outcome === "uploaded") this.line(` - Uploading ${c.label} 100% (${size})`);
    else if (outcome === "skipped") this.line(` - Uploading ${c.label} ${note || "File exists. Skipping"}`);
    else if (outcome === "dry-run") this.line(` - Uploading ${c.label} (dry run: not sent, ${size})`);
    else this.line(` - Uploading ${c.label} failed`);
    this.current = null;
  }
}
