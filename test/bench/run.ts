/** `npm run bench`: every benchmark, one after the other, printing figures (never asserting times). */
import { benchSlack } from './slack.bench.ts';
import { benchVerdicts } from './verdicts.bench.ts';

await benchVerdicts();
await benchSlack();
