import { seededRandom } from './version-mix.ts';

/**
 * A deterministic mix of Junos strings as people paste them: R releases with and without service
 * releases across the trains the shipped bulletins list (and some they leave out), X lines, builds,
 * `show version` lines, lower case as in CPE strings, Evolved releases, and a share of junk.
 */
const TRAINS = ['12.3', '15.1', '18.4', '19.1', '20.4', '21.1', '21.2', '21.3', '21.4', '22.1', '22.2', '22.3', '22.4', '23.2', '23.4', '24.2', '24.4'];
const X_LINES = ['12.3X48-D', '15.1X49-D', '14.1X53-D'];
const JUNK = ['21.4R', '21.4B1', 'junos', '21.4R3S5', '22.3R3-S', 'n/a', '15.1I20230101'];

export function generateJunosMix(count: number, seed = 20230817): string[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (max: number): number => 1 + Math.floor(random() * max);
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const release = `${pick(TRAINS)}R${int(3)}${random() < 0.7 ? `-S${int(11)}` : ''}`;
    if (roll < 0.05) inputs.push(pick(JUNK));
    else if (roll < 0.45) inputs.push(release);
    else if (roll < 0.55) inputs.push(`${release}.${int(20)}`);
    else if (roll < 0.65) inputs.push(`Junos: ${release}.${int(20)}`);
    else if (roll < 0.72) inputs.push(release.toLowerCase());
    else if (roll < 0.8) inputs.push(`${pick(X_LINES)}${int(23) * 10}`);
    else if (roll < 0.88) inputs.push(`${release}-EVO`);
    else inputs.push(`JUNOS ${release}`);
  }
  return inputs;
}
