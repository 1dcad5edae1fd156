/**
 * Download progress: on a terminal, one line per active download, redrawn in place; otherwise
 * one plain line when a download starts and when it ends (logs and CI stay readable).
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export class DownloadProgress {
  private readonly active = new Map<string, number>();
  private drawn = 0;
  private readonly started = new Map<string, number>();

  constructor(private readonly stream: ProgressStream | null) {}

  private get tty(): boolean {
    return this.stream?.isTTY === true;
  }

  private redraw(): void {
    if (this.stream === null) return;
    let out = this.drawn > 0 ? `\x1b[${this.drawn}A` : "";
    const lines = [...this.active.keys()].map((name) => `  - Downloading ${name}`);
    for (const l of lines) out += `\r\x1b[2K${l}\n`;
    for (let i = lines.length; i < this.drawn; i++) out += "\r\x1b[2K\n";
    if (this.drawn > lines.length) out += `\x1b[${this.drawn - lines.length}A`;
    this.drawn = lines.length;
    this.stream.write(out);
  }

  start(name: string): void {
    this.started.set(name, Date.now());
    if (this.tty) {
      this.active.set(name, 0);
      this.redraw();
    } else this.stream?.write(`  - Downloading ${name}\n`);
  }

  end(name: string, ok: boolean): void {
    const ms = Date.now() - (this.started.get(name) ?? Date.now());
    if (this.tty) {
      this.active.delete(name);
      this.redraw();
    } else this.stream?.write(`  - ${ok ? "Downloaded" : "Failed to download"} ${name} (${ms} ms)\n`);
  }
}
