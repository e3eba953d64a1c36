/** `npm run bench`: every benchmark, one after the other, printing figures (never asserting times). */
import { benchFleetAudit } from './fleet-audit.bench.ts';
import { benchJunosVerdicts } from './junos-verdicts.bench.ts';
import { benchMetricsScrape } from './metrics.bench.ts';
import { benchNetBoxSync } from './netbox-sync.bench.ts';
import { benchProgress } from './progress.bench.ts';
import { benchReminders } from './reminders.bench.ts';
import { benchReplicas } from './replicas.bench.ts';
import { benchSlack } from './slack.bench.ts';
import { benchVerdicts } from './verdicts.bench.ts';

await benchVerdicts();
await benchJunosVerdicts();
await benchFleetAudit();
await benchMetricsScrape();
await benchNetBoxSync();
await benchSlack();
await benchReminders();
await benchReplicas();
await benchProgress();
