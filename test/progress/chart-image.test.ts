import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BurnDownPoint } from '../../src/domain/progress/burn-down.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, rasterise } from '../../src/chat/render/chart-image.ts';
import { progressChart } from '../../src/chat/render/progress-report.ts';
import { textChart } from '../../src/domain/progress/text-chart.ts';
import { countColour, decodePng } from '../helpers/png.ts';

/** Three weeks of a burn-down ending on 26 Nov 2026: 40 affected going down to 19, unpatched faster, to none. */
const POINTS: BurnDownPoint[] = Array.from({ length: 22 }, (_, i) => ({
  day: new Date(Date.UTC(2026, 10, 5 + i)).toISOString().slice(0, 10),
  affected: 40 - i,
  unpatched: Math.max(0, 40 - 2 * i),
  total: 100,
}));

describe('the burn-down chart', () => {
  it('is a PNG of the promised size, with the affected line in red and the unpatched line in dark blue', () => {
    const png = rasterise(chartSvg(POINTS, { title: 'JSA10713', subtitle: '0 unpatched of 19 affected' }));
    const image = decodePng(png);
    assert.deepEqual([image.width, image.height], [CHART_WIDTH, CHART_HEIGHT]);
    assert.ok(countColour(image, '#c0392b', 12) > 2000, 'the affected line is drawn');
    assert.ok(countColour(image, '#1f4e79', 12) > 2000, 'the unpatched line is drawn');
    assert.ok(countColour(image, '#ffffff', 0) > (CHART_WIDTH * CHART_HEIGHT) / 2, 'on white');
  });

  it('names the bulletin, the two lines and the dates in the SVG, in large type, escaping a site’s name', () => {
    const svg = chartSvg(POINTS, { title: 'JSA10713 at <Ams & "HQ">\u202e', subtitle: '0 unpatched of 19 affected · 5 Nov 2026 – 26 Nov 2026 (UTC)' });
    for (const text of [
      'JSA10713 at &lt;Ams &amp; &quot;HQ&quot;&gt;</text>',
      '0 unpatched of 19 affected',
      '>affected</text>',
      '>unpatched</text>',
      '>5 Nov</text>',
      '>26 Nov</text>',
      '>40</text>',
    ]) {
      assert.ok(svg.includes(text), `${text} is in the SVG`);
    }
    assert.ok(!svg.includes('\u202e'), 'no direction control reaches the picture');
    const sizes = [...svg.matchAll(/font-size:(\d+)px/g)].map((m) => Number(m[1]));
    assert.ok(sizes.length > 10 && Math.min(...sizes) >= 28, `every text is at least 28 px on a 1200 px picture (${Math.min(...sizes)})`);
    assert.doesNotMatch(svg, /style="font:/, 'no font shorthand, which resvg would draw at 12 px');
  });

  it('cuts a title too long for the picture with an ellipsis', () => {
    const svg = chartSvg(POINTS, { title: `JSA10713 at ${'Very Long Site Name '.repeat(5)}`, subtitle: '' });
    assert.match(svg, />JSA10713 at Very Long Site Name Very Long…<\/text>/);
  });

  it('comes with a description, a file name that a site cannot break, and the same chart in text', () => {
    const image = progressChart({ advisory: 'JSA10713', site: 'São Paulo/../x', points: POINTS, pace: '21 patched in the last 7 days' });
    assert.equal(image.fileName, 'progress-jsa10713-sao-paulo-x-2026-11-26.png');
    assert.equal(image.title, 'JSA10713 at São Paulo/../x: 0 unpatched of 19 affected');
    assert.equal(
      image.alt,
      'Burn-down chart of JSA10713 at São Paulo/../x from 5 Nov 2026: affected 40 → 19, unpatched 40 → 0; 21 patched in the last 7 days.',
    );
    assert.deepEqual(decodePng(Buffer.from(image.png, 'base64')).width, CHART_WIDTH);
    assert.deepEqual(image.text, textChart(POINTS));
  });
});

describe('the burn-down in text', () => {
  it('draws both lines on one scale, with the first and last counts and days', () => {
    assert.deepEqual(textChart(POINTS), [
      'affected   40 █████▇▇▇▇▇▆▆▆▆▆▅▅▅▅▅▄▄ 19',
      'unpatched  40 ███▇▇▆▆▆▅▅▄▄▄▃▃▂▂▂▁▁·· 0',
      '              5 Nov 2026 … 26 Nov 2026',
    ]);
  });

  it('keeps to 56 columns over a long history, the last one being today', () => {
    const long = Array.from({ length: 400 }, (_, i) => ({
      day: new Date(Date.UTC(2025, 9, 23 + i)).toISOString().slice(0, 10),
      affected: 400 - i,
      unpatched: 400 - i,
      total: 400,
    }));
    assert.equal(
      textChart(long)[0],
      `affected   400 ${'█'.repeat(7)}${'▇'.repeat(7)}${'▆'.repeat(7)}${'▅'.repeat(7)}${'▄'.repeat(7)}${'▃'.repeat(7)}${'▂'.repeat(7)}${'▁'.repeat(7)} 1`,
    );
    assert.equal(textChart(long)[2], '               23 Oct 2025 … 26 Nov 2026');
  });
});
