/** What the download steps tell the caller: LXC's progress lines and byte counts per phase. */
export interface DownloadReporter {
  line(text: string): void;
  bytes(phase: string, done: number, total: number | undefined): void;
}

export const SILENT_REPORTER: DownloadReporter = { line: () => undefined, bytes: () => undefined };
