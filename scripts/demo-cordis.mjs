// `npm run demo:cordis`: converts the CORDIS semiconductor-EV export (../shared/data) into a
// bundle under data/generated/ and starts the service on it (DATA_DIR), so one command shows
// Partner Atlas on a real network. Extra arguments go to the converter, e.g.
// `npm run demo:cordis -- --weighting count --max-consortium 100`. Source: CORDIS, © European Union.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const data = resolve(root, '../shared/data/cordis-semiconductor-ev');
const out = join(root, 'data/generated/cordis-semiconductor-ev');
if (!existsSync(join(data, 'organization.json'))) {
  console.error(
    `demo:cordis: ${data}/organization.json is missing; the demo converts the CORDIS export kept in ../shared/data beside the checkout.`,
  );
  process.exit(1);
}
const convert = spawnSync(
  process.execPath,
  [
    join(root, 'bin/partner-atlas.js'),
    'convert',
    'cordis',
    '--organizations',
    join(data, 'organization.json'),
    '--projects',
    join(data, 'project.json'),
    '--out',
    out,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (convert.status !== 0) process.exit(convert.status ?? 1);
console.error(
  `Starting Partner Atlas on ${out}: open http://localhost:${process.env.PORT ?? 3000}/ (Ctrl-C stops it).`,
);
const server = spawn('npm', ['start'], {
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: out },
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
