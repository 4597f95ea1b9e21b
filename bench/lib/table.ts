import type { BenchResults, CaseResult, Metric, Row } from './results'

const fmt = (value: number | null, digits: number): string => value === null ? 'never' : value.toFixed(digits)

/** `median (min–max) ×ratio` for one metric of one row. */
function cell(row: Row, metric: Metric): string {
  const s = row.summary[metric.key]
  if (!s || s.n === 0)
    return '–'
  const d = metric.digits ?? 1
  const spread = s.n > 1 ? ` (${fmt(s.min, d)}–${fmt(s.max, d)})` : ''
  const r = row.ratio[metric.key]
  return `${fmt(s.median, d)}${spread}${r === null ? '' : ` ×${r.toFixed(2)}`}`
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width)
}

/** One case as a plain-text table: a row per contender, a column per metric. */
export function formatCase(result: CaseResult): string {
  const header = ['contender', ...result.metrics.map(m => `${m.label} (${m.unit})`)]
  const lines = result.rows.map(row => [`${row.label}${row.library && row.version ? ` ${row.version}` : ''}`, ...result.metrics.map(m => cell(row, m))])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)))
  const render = (cols: string[]): string => cols.map((c, i) => pad(c, widths[i], i > 0)).join('  ')
  const params = Object.entries(result.params).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')
  return [
    `## Case ${result.case}: ${result.title}`,
    `   ${result.what}`,
    ...(result.run ? [`   ran ${result.run.at.slice(11, 19)} UTC for ${result.run.seconds} s, load ${result.run.load[0]} → ${result.run.load[1]}`] : []),
    `   ${params}${result.baseline ? `; ×ratio = median ÷ median of ${result.rows.find(r => r.id === result.baseline)?.label}` : ''}`,
    render(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...lines.map(render),
    ...result.notes.map(n => `   note: ${n}`),
  ].join('\n')
}

/** The whole run: machine, versions, then every case. Cells read `median (min–max) ×ratio`. */
export function formatResults(results: BenchResults): string {
  const m = results.machine
  const busy = Math.max(Number(m.loadStart), Number(m.loadEnd)) > Number(m.cores)
  return [
    `vue-lifeline bench (${results.mode}), ${results.createdAt}, ${(results.durationMs / 1000).toFixed(0)} s: ${results.command}`,
    ...(busy ? [`WARNING: the load average (${m.loadStart} → ${m.loadEnd}) was above the ${m.cores} cores: other processes competed with the bench. Ratios hold up better than absolute figures; the storm's timings do not. Rerun on a quiet machine to publish.`] : []),
    `machine: ${m.cpu} ×${m.cores}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, ${m.browser}, load ${m.loadStart} → ${m.loadEnd}`,
    `versions: ${Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    'cells: median (min–max over repetitions) ×ratio to the baseline',
    '',
    ...results.cases.flatMap(c => [formatCase(c), '']),
  ].join('\n')
}
