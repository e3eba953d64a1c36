import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';

const ADVISORIES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'advisories');
const { advisories } = await loadAdvisories(ADVISORIES);

describe('verdicts admit what they do not cover', () => {
  it('says a clear version is not covered by a bulletin whose file failed to load', () => {
    // 6.3.0r25 is affected by JSA10894 alone.
    const withoutJsa10894 = advisories.filter((a) => a.id !== 'JSA10894');
    const catalog = new AdvisoryCatalog(withoutJsa10894, [{ file: 'JSA10894.json', field: 'vulnerabilities', reason: 'is missing' }]);
    const verdict = catalog.check('6.3.0r25');
    assert.equal(verdict.status, 'not_affected');
    assert.ok(
      verdict.notes.some((n) => n.includes('JSA10894.json could not be loaded')),
      verdict.notes.join('\n'),
    );
  });

  it('never calls a version not affected when no bulletin is loaded at all', () => {
    const catalog = new AdvisoryCatalog([], [{ file: 'JSA10713.json', field: '(file)', reason: 'is not valid JSON' }]);
    const verdict = catalog.check('6.2.0r16');
    assert.equal(verdict.status, 'unknown');
    assert.match(verdict.message, /No ScreenOS bulletin is loaded \(JSA10713\.json failed to load\), so 6\.2\.0r16 cannot be judged/);
  });
});
