/** `otelcol validate` of one config text, without the pod's environment (see pod-env.ts for that). */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Verdict {
  code: number;
  output: string;
}

/** Writes `config` to `dir` under a name derived from `name` and runs `otelcol validate` on it. */
export function validateConfigText(otelcol: string, dir: string, name: string, config: string): Promise<Verdict> {
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.yaml`);
  writeFileSync(file, config);
  return new Promise((resolve) => {
    const child = spawn(otelcol, ['validate', `--config=file:${file}`], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output: output.trim() }));
  });
}
