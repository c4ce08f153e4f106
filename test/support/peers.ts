/**
 * The real peers built by `npm run peers` (scripts/peers/build) into .peers/bin: the collector, the
 * control plane and kustomize v5. A suite that needs one asks for it here; a missing peer skips the
 * suite loudly, or fails it where REQUIRE_TOOLS names it (CI names them all).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './run-fn';
import { requireOrSkip } from './tools';

export type Peer = 'otelcol' | 'kube-apiserver' | 'etcd' | 'kustomize' | 'flux' | 'lua-health';

export const PEERS_BIN = path.join(REPO_ROOT, '.peers', 'bin');
const CONTROL_PLANE = path.join(REPO_ROOT, 'scripts', 'peers', 'control-plane');

export function peerPath(peer: Peer): string {
  return path.join(PEERS_BIN, peer);
}

/** The peer's path; skips (or fails, see requireOrSkip) when `npm run peers` has not built it. */
export function requirePeer(ctx: Mocha.Context, peer: Peer): string {
  const file = peerPath(peer);
  requireOrSkip(ctx, peer, existsSync(file), `${path.relative(REPO_ROOT, file)} is missing (run npm run peers; it needs Go)`);
  return file;
}

export interface ControlPlane {
  dir: string;
  kubeconfig: string;
  /** kubectl against this control plane; returns stdout, throws with stderr on failure. */
  kubectl(args: string[], input?: string): string;
  stop(): void;
}

/** Starts etcd + kube-apiserver on loopback (scripts/peers/control-plane) in a fresh directory. */
export function startControlPlane(): ControlPlane {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-cp-'));
  const kubeconfig = execFileSync(CONTROL_PLANE, ['up', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const kubectl = (args: string[], input?: string): string => {
    try {
      return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
        encoding: 'utf8',
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`kubectl ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
    }
  };
  return {
    dir,
    kubeconfig,
    kubectl,
    stop: () => {
      execFileSync(CONTROL_PLANE, ['down', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
