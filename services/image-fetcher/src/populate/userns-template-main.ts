/**
 * Runs one template as root of a user namespace (a rootless stack, see userns-template.ts):
 * `lxcbus-shim usernsexec -m <maps> -s -- node userns-template-main.js`. The request comes
 * as one JSON document on stdin; every line on stdout is one JSON event: `{"line"}`,
 * `{"bytes"}`, then `{"result"}` or `{"error"}` (a wire error, template codes kept).
 */
import { promises as fs } from 'node:fs';
import { templateFor, type TemplateRequest } from '../templates';
import { templateErrorToDomain } from './template-error.mapper';

export interface UsernsTemplateJob {
  template: string;
  req: TemplateRequest;
  rootfsExisted: boolean;
}

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const job = JSON.parse(await readStdin()) as UsernsTemplateJob;
  try {
    const result = await templateFor(job.template).create(job.req, (line) => emit({ line }), (phase, done, total) => emit({ bytes: [phase, done, total ?? null] }));
    emit({ result });
  } catch (err) {
    // Only the namespace's root can remove what the template left (it owns it).
    if (!job.rootfsExisted) await fs.rm(job.req.rootfs, { recursive: true, force: true }).catch(() => undefined);
    emit({ error: templateErrorToDomain(job.template, err).toWire() });
  }
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`userns template: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
