/** Writes a throw-away bundle folder from CSV text, for tests of the file source. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const MINIMAL = {
  'businesses.csv':
    'id,name,sector,size\nb1,Alpha Machining,machining,12\nb2,Beta Composites,composites,40\nb3,Gamma Metrology,metrology,5\n',
  'collaborations.csv':
    'source,target,weight,start,end,kind,project\nb1,b2,2,2019,2021,joint-project,P1\nb2,b1,1,2022-03,,supply,\nb2,b3,,2020-05-01,,alliance,\n',
};

/** Make a bundle folder; `files` maps file name to contents (string or bytes); undefined omits a file. */
export function bundleDir(files: Record<string, string | Uint8Array | undefined>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-bundle-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    if (content !== undefined) writeFileSync(join(dir, name), content);
  }
  return dir;
}
