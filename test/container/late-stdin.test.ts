/**
 * A container runtime connects the function's stdin after the process has started (podman: conmon's
 * attach socket; kpt and kustomize write the ResourceList only then), so the first read may find an
 * empty pipe. The function must wait for its input rather than report "no input". Under load, podman
 * delivered stdin late in about one run in twenty here; these tests make the delay deterministic.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { FUNCTION_BIN } from '../support/run-fn';
import { requireTool } from '../support/tools';
import { exampleResourceList } from '../support/example';
import { containerEnv, DEV_IMAGE, ensureImage } from './podman';

const DELAY_MS = 700;

/** Starts `cmd`, writes the input only after DELAY_MS, and collects the result. */
function runWithLateStdin(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // the process may already have exited
    const timer = setTimeout(() => child.stdin.end(exampleResourceList()), DELAY_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('input that arrives late on stdin (as through a container runtime)', function () {
  this.timeout(120_000);

  it('the exec function waits for it', async () => {
    const r = await runWithLateStdin(FUNCTION_BIN, [], process.env);
    expect(r.stderr).not.to.contain('no input');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('kind: Deployment');
  });

  describe('in the image (podman)', function () {
    before(function () {
      this.timeout(30 * 60_000);
      if (!requireTool(this, 'podman')) return;
      ensureImage();
    });

    it('the image waits for it', async () => {
      const r = await runWithLateStdin('podman', ['run', '--rm', '-i', '--network', 'none', '--user', 'nobody', DEV_IMAGE], containerEnv());
      expect(r.stderr).not.to.contain('no input');
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain('kind: Deployment');
    });
  });
});
