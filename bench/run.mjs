// `npm run bench`: a table for people, `--json` for machines. Each module adds its rows.
import { startUpRows } from './start-up.mjs';
import { growthRows } from './growth.mjs';
import { refreshRows } from './refresh.mjs';
import { wizardRows } from './wizard.mjs';

const suites = { 'start-up': startUpRows, growth: growthRows, refresh: refreshRows, wizard: wizardRows };
const json = process.argv.includes('--json');
// `node bench/run.mjs start-up growth` runs only those.
const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = named.filter((n) => !(n in suites));
if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}: ${Object.keys(suites).join(', ')}`);

const rows = [];
for (const [name, suite] of Object.entries(suites)) if (named.length === 0 || named.includes(name)) rows.push(...(await suite()));

if (json) {
  process.stdout.write(`${JSON.stringify({ rows }, null, 2)}\n`);
} else {
  const table = rows.map((r) => [r.name, `${r.value}${r.unit === 'x' ? '×' : ` ${r.unit}`}`, r.target, r.pass ? 'ok' : 'MISS', r.detail]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i].length), ['benchmark', 'value', 'target', ''][i].length));
  const line = (cells) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ');
  process.stdout.write(`${line(['benchmark', 'value', 'target', '', 'detail'])}\n`);
  for (const row of table) process.stdout.write(`${line(row)}\n`);
}
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
