import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZAssetCreate, ZCidr } from './contracts/ledger.contract.ts';
import {
  addDays,
  assetFlags,
  checkCidr,
  ipInCidr,
  ipsOutsideSegment,
  isCpe23,
  isIp,
  isIpv4,
  isIpv6,
  isIsoDate,
  isMac,
  isUnknownVersion,
  normalizeCidr,
  normalizeIp,
  normalizeMac,
  type FlagSubject,
} from './ledger.ts';

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const toIp = (o: readonly number[]) => o.join('.');
const toInt = (o: readonly number[]) => o.reduce((acc, x) => acc * 256 + x, 0);
const fromInt = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256);
/** The network address of `ip` for a prefix length. */
const network = (o: readonly number[], prefix: number) => {
  const size = 2 ** (32 - prefix);
  return fromInt(Math.floor(toInt(o) / size) * size);
};

describe('addresses', () => {
  it('accepts every dotted-quad IPv4 and every IPv6 address', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => isIpv4(ip) && isIp(ip) && normalizeIp(ip) === ip));
    fc.assert(fc.property(fc.ipV6(), (ip) => isIpv6(ip) && isIp(ip)));
  });

  it('normalises IPv6 to one canonical form (idempotent, same address)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const n = normalizeIp(ip);
        return normalizeIp(n) === n && isIpv6(n) && n === n.toLowerCase();
      }),
    );
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('::FFFF:10.0.0.1')).toBe('::ffff:10.0.0.1');
  });

  it('rejects what is not an address', () => {
    for (const bad of ['', '192.168.1.300', '10.0.0', '10.0.0.1.5', '010.0.0.1', '0x0a.0.0.1', '10.0.0.1/24', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', 'pacs01', ' 10.0.0.1']) {
      expect(isIp(bad), bad).toBe(false);
    }
  });

  it('validates CIDRs, including host bits and prefix lengths', () => {
    expect(checkCidr('10.0.0.0/8')).toBeNull();
    expect(checkCidr('0.0.0.0/0')).toBeNull();
    expect(checkCidr('192.168.1.7/32')).toBeNull();
    expect(checkCidr('fd00:1::/64')).toBeNull();
    expect(checkCidr('192.168.1.1/24')).toBe('host_bits_set');
    expect(checkCidr('fd00::1/64')).toBe('host_bits_set');
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0/24', 'fd00::/129', 'x/24', '/24']) expect(checkCidr(bad), bad).toBe('invalid');
    expect(normalizeCidr('FD00:0:0:1::/64')).toBe('fd00:0:0:1::/64');
  });

  it('puts an address inside the network of any of its prefixes, and a neighbour network outside', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), (o, prefix) => {
        const cidr = `${toIp(network(o, prefix))}/${prefix}`;
        expect(checkCidr(cidr)).toBeNull();
        expect(ipInCidr(toIp(o), cidr)).toBe(true);
        if (prefix > 0) {
          // Flip the last bit of the prefix: a different network of the same size.
          const flipped = fromInt((toInt(o) ^ 2 ** (32 - prefix)) >>> 0);
          expect(ipInCidr(toIp(flipped), cidr)).toBe(false);
        }
      }),
    );
  });

  it('never matches across address families, except IPv4-mapped IPv6', () => {
    expect(ipInCidr('10.0.0.1', 'fd00::/8')).toBe(false);
    expect(ipInCidr('fd00::1', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('fd00::1', 'fd00::/8')).toBe(true);
    expect(ipInCidr('not-an-ip', '10.0.0.0/8')).toBe(false);
  });

  it('accepts MAC addresses in the common notations and normalises them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.constantFrom(':', '-', '.', ''), fc.boolean(), (bytes, sep, upper) => {
        const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
        const canonical = hex.match(/../g)!.join(':');
        let text = sep === '.' ? hex.match(/..../g)!.join('.') : hex.match(/../g)!.join(sep);
        if (upper) text = text.toUpperCase();
        return isMac(text) && normalizeMac(text) === canonical && normalizeMac(canonical) === canonical;
      }),
    );
    for (const bad of ['00:11:22:33:44', '00:11:22:33:44:55:66', '00:11-22:33:44:55', 'gg:11:22:33:44:55', '0011.2233.44']) expect(isMac(bad), bad).toBe(false);
  });
});

describe('CPE 2.3 formatted strings', () => {
  it('accepts 13 well-formed components', () => {
    for (const good of [
      'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
      'cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*',
      'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
      'cpe:2.3:a:foo\\:bar:baz:1.0:*:*:ja-jp:*:*:*:*',
      'cpe:2.3:*:*:*:*:*:*:*:*:*:*:*',
    ]) {
      expect(isCpe23(good), good).toBe(true);
    }
  });

  it('rejects other forms', () => {
    for (const bad of [
      'cpe:/o:fortinet:fortios:6.0.4',
      'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*',
      'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*:*',
      'cpe:2.3:x:fortinet:fortios:6.0.4:*:*:*:*:*:*:*',
      'cpe:2.2:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*',
      'cpe:2.3:o:fortinet:forti os:6.0.4:*:*:*:*:*:*:*',
      'cpe:2.3:o:fortinet::6.0.4:*:*:*:*:*:*:*',
      'cpe:2.3:a:foo:bar:1.0:*:*:japanese:*:*:*:*',
      `cpe:2.3:a:${'x'.repeat(600)}:bar:1.0:*:*:*:*:*:*:*`,
    ]) {
      expect(isCpe23(bad), bad).toBe(false);
    }
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-4-1')).toBe(false);
    expect(isIsoDate('2026-04-01T00:00:00Z')).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-04-01', 180)).toBe('2026-09-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.integer({ min: -3650, max: 3650 }), (d, n) => {
      const day = d.toISOString().slice(0, 10);
      return addDays(addDays(day, n), -n) === day && isIsoDate(addDays(day, n));
    }));
  });
});

describe('assetFlags', () => {
  const today = '2026-04-01';
  const asset = (over: Partial<FlagSubject> = {}): FlagSubject => ({ type: 'server', version: '1.0', ips: [], endOfSupport: null, segmentId: null, ...over });

  it('flags end of support passed, and soon up to 180 days ahead inclusive', () => {
    expect(assetFlags(asset({ endOfSupport: '2026-03-31' }), null, today)).toEqual(['end_of_support_passed']);
    expect(assetFlags(asset({ endOfSupport: '2026-04-01' }), null, today)).toEqual(['end_of_support_soon']);
    expect(assetFlags(asset({ endOfSupport: '2026-09-28' }), null, today)).toEqual(['end_of_support_soon']);
    expect(assetFlags(asset({ endOfSupport: '2026-09-29' }), null, today)).toEqual([]);
    expect(assetFlags(asset(), null, today)).toEqual([]);
  });

  it('flags an unknown version only where a version means something', () => {
    for (const v of [null, '不明', 'Unknown', '?', '-', 'N/A']) expect(isUnknownVersion({ type: 'firewall', version: v }), String(v)).toBe(true);
    expect(isUnknownVersion({ type: 'firewall', version: '6.0.4' })).toBe(false);
    expect(isUnknownVersion({ type: 'cloud_service', version: null })).toBe(false);
    expect(isUnknownVersion({ type: 'data_store', version: null })).toBe(false);
    expect(assetFlags(asset({ version: null, endOfSupport: '2020-01-01' }), null, today)).toEqual(['end_of_support_passed', 'unknown_version']);
  });

  it('flags addresses outside the segment, never when the segment has no CIDRs or the asset none', () => {
    const seg = { cidrs: ['10.1.0.0/16', 'fd00:1::/64'] };
    expect(assetFlags(asset({ segmentId: 's', ips: ['10.1.2.3', 'fd00:1::5'] }), seg, today)).toEqual([]);
    expect(assetFlags(asset({ segmentId: 's', ips: ['10.1.2.3', '10.2.0.1'] }), seg, today)).toEqual(['ip_outside_segment']);
    expect(assetFlags(asset({ segmentId: 's', ips: ['10.2.0.1'] }), { cidrs: [] }, today)).toEqual([]);
    expect(assetFlags(asset({ segmentId: 's', ips: [] }), seg, today)).toEqual([]);
    expect(assetFlags(asset({ segmentId: null, ips: ['10.2.0.1'] }), seg, today)).toEqual([]);
    expect(ipsOutsideSegment(['10.1.0.1', '192.168.0.1', 'fd00:2::1'], seg.cidrs)).toEqual(['192.168.0.1', 'fd00:2::1']);
    expect(ipsOutsideSegment(['192.168.0.1'], null)).toEqual([]);
  });

  it('is a pure function of its inputs and never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 4 }),
        fc.array(fc.tuple(octets, fc.integer({ min: 8, max: 30 })).map(([o, p]) => `${toIp(network(o, p))}/${p}`), { maxLength: 3 }),
        fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
        (ips, cidrs, eos) => {
          const a = asset({ ips, segmentId: 's', endOfSupport: eos });
          const flags = assetFlags(a, { cidrs }, today);
          expect(assetFlags(a, { cidrs }, today)).toEqual(flags);
          expect(flags.includes('end_of_support_passed') && flags.includes('end_of_support_soon')).toBe(false);
          expect(flags.includes('ip_outside_segment')).toBe(cidrs.length > 0 && ips.some((ip) => !cidrs.some((c) => ipInCidr(ip, c))));
        },
      ),
    );
  });
});

describe('contracts', () => {
  it('names the field of each problem', () => {
    const r = ZAssetCreate.safeParse({ name: 'x', type: 'server', criticality: 3, ips: ['10.0.0.1', '300.1.1.1'], cpe: 'cpe:/a:x' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual(expect.arrayContaining([['ips.1', 'invalid_ip'], ['cpe', 'invalid_cpe']]));
    expect(ZCidr.safeParse(' 10.0.0.0/24 ').data).toBe('10.0.0.0/24');
    expect(ZCidr.safeParse('10.0.0.1/24').error!.issues[0]!.message).toBe('cidr_host_bits_set');
    expect(ZAssetCreate.parse({ name: 'x', type: 'iot', criticality: 4 })).toMatchObject({ ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal' });
  });
});
