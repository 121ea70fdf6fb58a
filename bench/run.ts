// `npm run bench`: every measure in one run on this machine, printed as a table and written to
// bench-results.json. Ratios and percentiles, never pass/fail tests: the machines are shared and noisy.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchExtension } from './extension';
import { benchHandoff, benchIdle, benchOverhead, benchReattach } from './orchestration';
import { benchParallel } from './parallel';
import { benchParsing } from './parsing';
import { benchStateWrites } from './stateWrites';
import type { BenchRow } from './stats';

type Section = { name: string; run: () => BenchRow[] | Promise<BenchRow[]> };

const sections: Section[] = [
  { name: 'Handoff latency', run: benchHandoff },
  { name: 'Orchestration overhead', run: benchOverhead },
  { name: 'Idle cost', run: benchIdle },
  { name: 'Parsing scale', run: benchParsing },
  { name: 'State writes', run: benchStateWrites },
  { name: 'Re-attach', run: benchReattach },
  { name: 'Parallel waves', run: benchParallel },
  { name: 'Extension', run: benchExtension },
];

function fmt(v: number, unit = ''): string {
  if (!Number.isFinite(v)) return String(v);
  if (unit.startsWith('×') && Math.abs(v) < 10) return v.toFixed(3);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main() {
  const only = process.argv.slice(2);
  const out: { section: string; rows: BenchRow[] }[] = [];
  for (const s of sections) {
    if (only.length && !only.some((o) => s.name.toLowerCase().includes(o.toLowerCase()))) continue;
    process.stderr.write(`bench: ${s.name}…\n`);
    try {
      out.push({ section: s.name, rows: await s.run() });
    } catch (e) {
      // One broken measure must not throw away the others (they take minutes).
      out.push({ section: s.name, rows: [{ measure: 'ERROR', value: NaN, unit: '', note: String((e as Error).message).split('\n')[0] }] });
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`SpecFlow benchmarks — ${new Date().toISOString()} — ${machine}\n`);
  console.log('| section | measure | value | unit | goal | met |');
  console.log('|---|---|---|---|---|---|');
  for (const s of out) {
    for (const r of s.rows) {
      if (r.measure === 'note') {
        console.log(`| ${s.section} | note | | | | | ${r.note}`);
        continue;
      }
      console.log(
        `| ${s.section} | ${r.measure} | ${fmt(r.value, r.unit)} | ${r.unit} | ${r.goal ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'} |${r.note ? ` ${r.note}` : ''}`,
      );
    }
  }
  writeFileSync('bench-results.json', JSON.stringify({ date: new Date().toISOString(), machine, sections: out }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
