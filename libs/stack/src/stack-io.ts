/** Where the launcher's lines go; the CLI passes the process streams, tests a recorder. */
export interface StackIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: StackIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};
