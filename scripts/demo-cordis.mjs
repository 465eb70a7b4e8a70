// `npm run demo:cordis`: converts the CORDIS semiconductor-EV export (../shared/data) into a
// bundle under data/generated/ and starts the service on it. Source: CORDIS, © European Union.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const data = resolve(root, '../shared/data/cordis-semiconductor-ev');
const out = join(root, 'data/generated/cordis-semiconductor-ev');
if (!existsSync(data)) {
  console.error(`demo:cordis: ${data} is missing; it holds the CORDIS export this demo converts.`);
  process.exit(1);
}
const bin = join(root, 'bin/partner-atlas.js');
const convert = spawnSync(
  process.execPath,
  [
    bin,
    'convert',
    'cordis',
    '--organizations',
    join(data, 'organization.json'),
    '--projects',
    join(data, 'project.json'),
    '--out',
    out,
  ],
  { stdio: 'inherit' },
);
if (convert.status !== 0) process.exit(convert.status ?? 1);
const server = spawn('npm', ['start'], {
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: out },
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
