/**
 * A deterministic, realistic mix of version strings as people paste them: plain releases across the
 * trains, respins, build counters, CSP builds, the shorthand, `get system` lines, odd case, product
 * names, Junos strings, bare trains, and a share of junk.
 */

/** A small seeded generator (mulberry32), so every run measures the same inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RELEASES: readonly string[] = [
  ...range(1, 26).map((r) => `6.3.0r${r}`),
  ...range(12, 20).map((r) => `6.3.0r${r}b`),
  '6.3.0r12a',
  '6.3.0r20b',
  ...range(1, 20).map((r) => `6.2.0r${r}`),
  '6.1.0r7',
  '6.0.0r8',
  '5.4.0r28',
  '5.0.0r9',
];
const JUNK: readonly string[] = ['6.3.0rx1', '6.3.0r', '6.3r', '', 'latest', 'n/a', '6..3r1', 'v6', 'SSG-140', '6.3.0r1x', 'unknown', '???'];
const JUNOS: readonly string[] = ['12.3X48-D10', '15.1R7-S5', '21.2R3-S7', '12.1X46-D35.1', '18.4R2'];

export function generateVersionMix(count: number, seed = 20151217): string[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const release = pick(RELEASES);
    if (roll < 0.05) inputs.push(pick(JUNK));
    else if (roll < 0.4) inputs.push(release);
    else if (roll < 0.5) inputs.push(`${release}.0`);
    else if (roll < 0.6) inputs.push(`Software Version: ${release}.0, Type: Firewall+VPN`);
    else if (roll < 0.67) inputs.push(release.toUpperCase());
    else if (roll < 0.72) inputs.push(`ScreenOS ${release}`);
    else if (roll < 0.77) inputs.push(release.replace('6.3.0r', '6.3r'));
    else if (roll < 0.8) inputs.push(pick(['6.3.0r13-dnd1', '6.3.0r18-dnc1', '6.3.0r19-abc2']));
    else if (roll < 0.82) inputs.push(pick(['5.0.0r9.t', '5.0.0r9a.t']));
    else if (roll < 0.85) inputs.push(pick(JUNOS));
    else if (roll < 0.87) inputs.push(pick(['6.3.0', '6.2.0', '6.3']));
    else inputs.push(`  ${release} `);
  }
  return inputs;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
