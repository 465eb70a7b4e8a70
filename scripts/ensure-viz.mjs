// Builds the front end (viz/) before `npm start` when its bundle is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const viz = join(root, 'viz');
const dist = join(viz, 'dist', 'index.html');
if (!existsSync(join(viz, 'vite.config.ts'))) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (existsSync(dist) && statSync(dist).mtimeMs >= newest(viz)) process.exit(0);
console.log('Building the front end (viz/)…');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const r = spawnSync(
  process.execPath,
  [vite, 'build', '--config', join(viz, 'vite.config.ts'), '--logLevel', 'warn'],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
