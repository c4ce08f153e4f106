/**
 * The tests' real collector is the product's collector: `otelcol components` of .peers/bin/otelcol lists
 * every component type the function can emit, and the binary is the release the product's image pins.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { DISTRIBUTION_COMPONENTS } from '../../src/collector/distribution';
import type { ComponentKind } from '../../src/collector/types';
import { COLLECTOR } from '../../src/constants';
import { requirePeer } from '../support/peers';

interface Components {
  buildinfo: { version: string };
  receivers?: { name: string }[];
  processors?: { name: string }[];
  exporters?: { name: string }[];
  connectors?: { name: string }[];
  extensions?: { name: string }[];
}

const SECTION: Record<ComponentKind, keyof Omit<Components, 'buildinfo'>> = {
  receiver: 'receivers',
  processor: 'processors',
  exporter: 'exporters',
  connector: 'connectors',
  extension: 'extensions',
};

describe('real collector: the components the function emits', () => {
  let components: Components;
  before(function () {
    const otelcol = requirePeer(this, 'otelcol');
    components = parse(execFileSync(otelcol, ['components'], { encoding: 'utf8' })) as Components;
  });

  it('is the release the product pins its image to', () => {
    expect(components.buildinfo.version).to.equal(COLLECTOR.version);
    expect(COLLECTOR.image).to.match(new RegExp(`:${COLLECTOR.version.replace(/\./g, '\\.')}$`));
  });

  for (const kind of Object.keys(SECTION) as ComponentKind[]) {
    it(`lists every ${kind} type the function can emit`, () => {
      const listed = (components[SECTION[kind]] ?? []).map((c) => c.name);
      expect(listed).to.include.members([...DISTRIBUTION_COMPONENTS[kind]]);
    });
  }
});
