import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { stripBidiControls } from '../../domain/text.ts';
import { addDays, type BurnDownPoint } from '../../domain/progress/burn-down.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/**
 * The picture's size in pixels. Chat clients scale a picture to the width of the screen, about a third
 * of this on a phone, so the text is drawn three times the size it should read at.
 */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 750;

/**
 * Families tried in order; resvg draws text only in a font it finds on the machine. Quoted: ECharts writes
 * axis labels with the `font` shorthand, which resvg cannot read with an unquoted name of two words.
 */
const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', 'Noto Sans', Arial, Helvetica, sans-serif";
/** Characters of the title that fit the width at its size; a longer one (a long site name) is cut. */
const TITLE_CHARS = 42;
const SUBTITLE_CHARS = 68;
/** Red for what is left to patch, dark blue for what nobody has taken in hand: apart in colour and in lightness. */
const AFFECTED_COLOR = '#c0392b';
const UNPATCHED_COLOR = '#1f4e79';

export interface ChartText {
  /** "JSA10713 at Amsterdam" */
  readonly title: string;
  /** "20 unpatched of 33 affected · 1 Nov 2026 – 26 Nov 2026 (UTC)" */
  readonly subtitle: string;
}

/**
 * The burn-down as SVG, drawn by ECharts on the server: two lines (affected, unpatched) over the days,
 * dates on the axis, the title naming the bulletin. Text from the inventory (a site name) is escaped by
 * ECharts; direction controls are removed first, so that nothing shows reversed.
 */
export function chartSvg(points: readonly BurnDownPoint[], text: ChartText): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    // One point alone would sit on the axis' edge with no span to read: the day before it is shown, empty.
    const lone = points.length === 1;
    const days = [...(lone ? [addDays(points[0]?.day ?? '1970-01-01', -1)] : []), ...points.map((p) => p.day)];
    const dots = points.length <= 31;
    const line = (name: string, color: string, value: (p: BurnDownPoint) => number, area: boolean): Record<string, unknown> => ({
      name,
      type: 'line',
      data: [...(lone ? [null] : []), ...points.map(value)],
      lineStyle: { width: 6, color },
      itemStyle: { color },
      showSymbol: dots,
      symbolSize: 12,
      ...(area ? { areaStyle: { color, opacity: 0.12 } } : {}),
    });
    chart.setOption({
      animation: false,
      useUTC: true,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: {
        text: fit(stripBidiControls(text.title), TITLE_CHARS),
        subtext: fit(stripBidiControls(text.subtitle), SUBTITLE_CHARS),
        left: 40,
        top: 24,
        itemGap: 14,
        textStyle: { fontSize: 44, fontWeight: 'bold', color: '#1b1b1f', fontFamily: FONT_FAMILY },
        subtextStyle: { fontSize: 30, color: '#333', fontFamily: FONT_FAMILY },
      },
      legend: { right: 40, top: 150, itemWidth: 48, itemHeight: 18, itemGap: 40, textStyle: { fontSize: 30, color: '#1b1b1f', fontFamily: FONT_FAMILY } },
      grid: { left: 40, right: 70, top: 215, bottom: 40, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      // A category per day (the burn-down has one point a day), not a time axis: ECharts writes a time
      // axis' labels with the `font` shorthand, which resvg ignores, drawing them at 12 px.
      xAxis: {
        type: 'category',
        data: days.map(formatTick),
        boundaryGap: false,
        axisTick: { alignWithLabel: true, interval: labelled(days.length) },
        axisLabel: { fontSize: 28, color: '#333', interval: labelled(days.length), margin: 18, fontFamily: FONT_FAMILY },
        axisLine: { lineStyle: { color: '#666', width: 2 } },
      },
      yAxis: {
        type: 'value',
        min: 0,
        minInterval: 1,
        axisLabel: { fontSize: 28, color: '#333', fontFamily: FONT_FAMILY },
        splitLine: { lineStyle: { color: '#ddd' } },
      },
      series: [line('affected', AFFECTED_COLOR, (p) => p.affected, false), line('unpatched', UNPATCHED_COLOR, (p) => p.unpatched, true)],
    });
    return chart.renderToSVGString();
  } finally {
    // A chart left undisposed keeps a timer that holds the process open.
    chart.dispose();
  }
}

/** The text cut to `max` characters with an ellipsis: ECharts cannot measure text without a canvas. */
function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "26 Nov"; the first of January shows its year. */
function formatTick(day: string): string {
  const [year = '', month = '', date = ''] = day.split('-');
  const label = `${Number(date)} ${MONTHS[Number(month) - 1] ?? month}`;
  return month === '01' && date === '01' ? `${label} ${year}` : label;
}

/**
 * Which days are labelled (ECharts' `interval`): the first, the last (today), and about four between,
 * none so close to the last that the two would overlap.
 */
function labelled(days: number): (index: number) => boolean {
  const step = Math.max(1, Math.ceil(days / 5));
  return (index) => index === days - 1 || (index % step === 0 && days - 1 - index >= step / 2);
}

/** The SVG as PNG, with resvg, in the fonts installed on the machine (text is left out where none is found). */
export function rasterise(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
