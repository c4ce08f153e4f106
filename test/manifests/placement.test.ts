/**
 * How the placement settings land in the pod specs: defaults left to the API server except the gateway's
 * spread over nodes and zones, user constraints completed with the component's selector.
 */
import { expect } from 'chai';
import { defaultSpread, placementFields } from '../../src/manifests/placement';

const SELECTOR = { 'app.kubernetes.io/name': 'telemetry-metric-gateway' };

describe('manifests: placement', () => {
  it('writes no field for empty settings, and no spread for an empty list', () => {
    expect(placementFields({}, SELECTOR)).to.deep.equal({});
    expect(placementFields({ topologySpreadConstraints: [] }, SELECTOR)).to.deep.equal({});
  });

  it('spreads by default over nodes and zones, ScheduleAnyway, selecting the component\'s pods', () => {
    expect(placementFields({ topologySpreadConstraints: defaultSpread() }, SELECTOR).topologySpreadConstraints).to.deep.equal([
      { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } },
      { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: SELECTOR } },
    ]);
  });

  it('keeps a user\'s labelSelector and copies every value (no shared objects with the settings)', () => {
    const own = { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { a: 'b' } } };
    const settings = { nodeSelector: { pool: 't' }, topologySpreadConstraints: [own] };
    const fields = placementFields(settings, SELECTOR);
    expect(fields.topologySpreadConstraints).to.deep.equal([own]);
    fields.nodeSelector!['pool'] = 'changed';
    expect(settings.nodeSelector.pool).to.equal('t');
  });
});
