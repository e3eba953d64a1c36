/** `npm run bench`: every benchmark, one after the other, printing figures (never asserting times). */
import { benchVerdicts } from './verdicts.bench.ts';

await benchVerdicts();
