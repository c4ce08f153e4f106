/**
 * The Argo CD health check (health/argocd/telemetry.kyma-project.io_MetricPipeline/health.lua) run in a real
 * Lua 5.1 interpreter (Debian's lua5.1; Argo CD embeds gopher-lua, a Lua 5.1) over the sample objects of
 * health_test.yaml, Argo CD's own test layout. The script runs in an environment like Argo CD's for custom
 * checks: `obj` plus the base functions, `table` and a reduced `os` (no string, math or io library).
 * Skips loudly without lua5.1; mandatory when REQUIRE_TOOLS contains lua5.1.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../support/tools';
import { EXPECTED_STATUSES, HEALTH_TESTS, loadSample, SCRIPT } from './cases';

/**
 * A Lua 5.1 string literal of the UTF-8 bytes: printable ASCII as is, quotes and backslashes escaped, every
 * other byte as a decimal escape (Lua 5.1 has no \x or \u), so the generated file is plain ASCII.
 */
function luaString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** JSON data as a Lua table constructor; null becomes nil, as in Argo CD's decodeValue. */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no Lua literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return luaString(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `[${luaString(k)}] = ${toLua(v)}`)
      .join(', ')}}`;
  }
  throw new Error(`no Lua literal for ${typeof value}`);
}

/** Loads the script into Argo CD's reduced environment and prints status and message, NUL-separated. */
function runner(object: unknown): string {
  return `
local obj_value = ${toLua(object)}
local chunk = assert(loadfile(${luaString(SCRIPT)}))
local env = {
  obj = obj_value,
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, select = select,
  tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
  table = table,
  os = { clock = os.clock, date = os.date, time = os.time },
}
setfenv(chunk, env)
local hs = chunk()
assert(type(hs) == "table", "health.lua must return a table")
io.write(tostring(hs.status), "\\0", tostring(hs.message))
`;
}

function runLua(lua: string, object: unknown): { status: string; message: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mps-lua-'));
  try {
    const file = join(dir, 'run.lua');
    writeFileSync(file, runner(object));
    const r = spawnSync(lua, [file], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, `lua failed: ${r.stderr}`);
    const [status, message] = r.stdout.split('\0');
    return { status: status as string, message: message as string };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Argo CD health check for MetricPipeline (Lua 5.1)', function () {
  let lua: string | undefined;
  before(function () {
    lua = requireTool(this, 'lua5.1');
  });

  const tests = HEALTH_TESTS;

  for (const t of tests) {
    it(`${t.inputPath}: ${t.healthStatus.status}`, () => {
      assert.deepEqual(runLua(lua as string, loadSample(t.inputPath)), t.healthStatus);
    });
  }

  it('covers every sample and every health status it can return', () => {
    const samples = tests.map((t) => t.inputPath).sort();
    assert.equal(new Set(samples).size, samples.length);
    assert.deepEqual([...new Set(tests.map((t) => t.healthStatus.status))].sort(), EXPECTED_STATUSES);
  });

  it('converts JSON to Lua literals that Lua reads back exactly', () => {
    const value = { s: 'quote " backslash \\ newline \n tab \t unicode é ✓', n: [1, 2.5, -3e-7, 1e21], b: [true, false], nested: { 'key with space': { x: null } }, empty: [] };
    const dir = mkdtempSync(join(tmpdir(), 'mps-lua-'));
    try {
      const file = join(dir, 'echo.lua');
      writeFileSync(file, `local v = ${toLua(value)}\nio.write(v.s, "\\0", v.n[3] * 1e7, "\\0", tostring(v.b[2]), "\\0", tostring(v.nested["key with space"].x), "\\0", #v.empty)`);
      const r = spawnSync(lua as string, [file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.split('\0'), [value.s, '-3', 'false', 'nil', '0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Argo CD health check for MetricPipeline: static checks', () => {
  it('uses only what Argo CD offers (no string, math, io, debug or require; no method calls on strings)', () => {
    const code = readFileSync(SCRIPT, 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('--'))
      .join('\n');
    assert.doesNotMatch(code, /\b(string|math|io|debug|require|loadstring|dofile)\b\s*[.(]/);
    assert.doesNotMatch(code, /[\w\])"]:\w+\s*\(/, 'method call syntax');
  });
});
