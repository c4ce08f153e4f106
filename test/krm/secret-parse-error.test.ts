import { expect } from 'chai';
import { runFunction, runFunctionBinary } from '../support/run-fn';

/**
 * The YAML parser quotes source text in its messages (`Invalid escape sequence \U...`). Inside a Secret
 * that text is a credential, so an error there names the item and the line, nothing of its content.
 */
const SECRET = 'hunter2-RECOGNISABLE-SECRET';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CONFIG_MAP = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: plain\n  data:\n    a: b\n';

const CASES: [string, string, RegExp][] = [
  [
    'a bad escape in a double-quoted value',
    `${HEAD}${CONFIG_MAP}- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: creds\n    namespace: kyma-system\n  stringData:\n    token: "${SECRET}\\Uzzzz${SECRET}"\n`,
    /^error: input is not valid YAML at line 16, in Secret kyma-system\/creds \(items\[1\]\); the parser's message is withheld because the item is a Secret\n$/,
  ],
  [
    'a bad escape in a multi-line value of a flow-style Secret',
    `${HEAD}- {apiVersion: v1, kind: Secret, metadata: {name: creds}, data: {token: "${SECRET}\n    more ${SECRET}\\q"}}\n`,
    /^error: input is not valid YAML at line 5, in Secret creds \(items\[0\]\); the parser's message is withheld because the item is a Secret\n$/,
  ],
  [
    'a broken kind line in an item that still says Secret',
    `${HEAD}- apiVersion: v1\n  kind: "Secret\n  stringData:\n    token: "${SECRET}\\x"\n`,
    /^error: input is not valid YAML at line \d+, in items\[0\]; the parser's message is withheld because the item may be a Secret\n$/,
  ],
];

describe('YAML errors inside Secrets', () => {
  for (const [name, input, stderr] of CASES) {
    it(`keep the Secret's text out of stdout and stderr: ${name}`, () => {
      for (const r of [runFunction(input), runFunctionBinary(input)]) {
        expect(r.code).to.equal(1);
        expect(r.stderr).to.match(stderr);
        expect(r.stderr).not.to.contain('hunter2');
        expect(r.stdout).not.to.contain('hunter2');
        expect(r.stderr).not.to.match(/RECOGNISABLE|\\U|\\q/);
      }
    });
  }

  it('still quote the parser for items that are not Secrets', () => {
    // The comment makes the function parse the item, which it would otherwise pass through as text.
    const input = `${HEAD}- apiVersion: v1 # c\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    a: "x\\Uzzzz"\n`;
    const r = runFunction(input);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^error: input is not valid YAML at line 9, column \d+: Invalid escape sequence \\Uzzzz/);
  });
});
