/** One line of the benchmark table: a figure, what it is compared with in the same run, and its target. */
export interface Row {
  readonly figure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  /** null: reported only (no target), or the figure could not be measured here. */
  readonly pass: boolean | null;
  readonly note?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN, n: sorted.length };
}

export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const r = value / baseline;
  return `${r >= 10 ? fmt(r, 1) : fmt(r, 2)}×`;
}

/** A ratio row: value / baseline against a minimum. */
export function ratioRow(figure: string, value: number, unit: string, baselineLabel: string, baseline: number, minimum: number, note?: string): Row {
  const r = value / baseline;
  return {
    figure,
    value: `${fmt(value)} ${unit}`,
    baseline: `${baselineLabel} ${fmt(baseline)} ${unit}`,
    ratio: ratio(value, baseline),
    target: `≥ ${minimum}×`,
    pass: Number.isFinite(r) ? r >= minimum : false,
    note,
  };
}

/** An absolute row: a value against a bound, with an optional same-run baseline for context. */
export function boundRow(
  figure: string,
  value: number,
  unit: string,
  bound: { max?: number; min?: number },
  baseline?: { label: string; value: number },
  digits = 0,
  note?: string,
): Row {
  const pass = Number.isFinite(value) && (bound.max === undefined || value < bound.max) && (bound.min === undefined || value >= bound.min);
  return {
    figure,
    value: `${fmt(value, digits)} ${unit}`,
    baseline: baseline ? `${baseline.label} ${fmt(baseline.value, digits)} ${unit}` : '—',
    ratio: baseline ? ratio(value, baseline.value) : '—',
    target: bound.max !== undefined ? `< ${fmt(bound.max, digits)} ${unit}` : `≥ ${fmt(bound.min ?? 0)} ${unit}`,
    pass,
    note,
  };
}

export function skippedRow(figure: string, target: string, why: string): Row {
  return { figure, value: 'skipped', baseline: '—', ratio: '—', target, pass: null, note: why };
}

/** The table, as Markdown (it reads in a terminal and pastes into docs/benchmarks.md as it is). */
export function renderTable(rows: readonly Row[]): string {
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => [row.figure, row.value, row.baseline, row.ratio, row.target, row.pass === null ? '—' : row.pass ? 'PASS' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.figure}: ${r.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line), '', ...notes].join('\n');
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
