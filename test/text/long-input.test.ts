import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { huntLines } from '../../src/domain/hunt/log-hunt.ts';
import { MAX_NAME_SHOWN } from '../../src/domain/hunt/login-pair-lines.ts';

void describe('names read from a very long log line', () => {
  void it('reports the backdoor login of a 200 KB line with its user and device names cut to 100 characters, marked with …', async () => {
    const longName = 'x'.repeat(200_000);
    const report = await huntLines(
      [
        `2015-12-20 10:00:00 system,00515 Admin user system has logged on via SSH from 1.2.3.4:22 device_id=${longName}`,
        `2015-12-20 10:00:01 system,00528 SSH: Password authentication successful for admin user '${longName}' at host 1.2.3.4 device_id=${longName}`,
      ],
      { maxBytes: Number.MAX_SAFE_INTEGER },
    );
    const [finding] = report.findings;
    assert.ok(finding !== undefined, 'the pair is still found');
    assert.equal(MAX_NAME_SHOWN, 100);
    assert.equal(finding.adminUser, `${'x'.repeat(99)}…`);
    assert.equal(finding.device, `${'x'.repeat(99)}…`);
    assert.deepEqual([finding.source, finding.port, finding.lines], ['1.2.3.4', 22, [1, 2]]);
  });

  void it('keeps a name of exactly 100 characters whole, and never cuts between the halves of an emoji', async () => {
    const hunt = async (user: string): Promise<string | null | undefined> =>
      (
        await huntLines(
          [
            '00515 Admin user system has logged on via SSH from 1.2.3.4:22',
            `00528 SSH: Password authentication successful for admin user '${user}' at host 1.2.3.4`,
          ],
          { maxBytes: Number.MAX_SAFE_INTEGER },
        )
      ).findings[0]?.adminUser;
    assert.equal(await hunt('y'.repeat(100)), 'y'.repeat(100));
    assert.equal(await hunt(`${'y'.repeat(98)}😀😀`), `${'y'.repeat(98)}…`);
  });
});
