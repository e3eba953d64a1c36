import type { Device } from '../../src/domain/fleet/types.ts';
import { generateVersionMix, seededRandom } from './version-mix.ts';

const SITES = ['Amsterdam', 'Frankfurt', 'London', 'New York', 'Chicago', 'Dallas', 'Singapore', 'Tokyo', 'Sydney', 'São Paulo', 'Johannesburg', 'Mumbai'];

/**
 * A generated fleet with a realistic spread: a few dozen distinct versions (readable ones only, as the
 * inventory keeps), a dozen sites, a few hundred owners, a fifth of the devices internet-exposed.
 */
export function generateFleet(count: number, seed = 7755): Device[] {
  const random = seededRandom(seed);
  const versions = generateVersionMix(4000, seed).filter((v) => /^\s*\d\.\d(\.\d)?r\d+[a-z]?(\.\d)?\s*$/i.test(v));
  const devices: Device[] = [];
  for (let i = 0; i < count; i++) {
    const site = SITES[Math.floor(random() * SITES.length)] ?? 'Amsterdam';
    devices.push({
      name: `fw-${String(i).padStart(6, '0')}`,
      site,
      owner: `netops-${Math.floor(random() * 300)}@example.com`,
      version: versions[Math.floor(random() * versions.length)] ?? '6.3.0r19',
      product: 'ScreenOS',
      platform: null,
      managementIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      tags: random() < 0.2 ? ['exposure=internet'] : [],
      ref: `line ${i + 2}`,
    });
  }
  return devices;
}
