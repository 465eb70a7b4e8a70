/**
 * The layering rule of eslint.config.js, run by ESLint on small imports: cli/ is an edge like
 * api/ (analysis/ and data/, never api/), both run the analysis off their thread through
 * compute/ (which imports neither), and nothing of the product imports bench/.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages ESLint gives `code` as if it were the file `path`. */
async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, {
    filePath: resolve(ROOT, path),
  });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it('refuses cli/ importing api/, naming where shared logic goes', async () => {
    const errors = await layeringErrors(
      'cli/commands/example.ts',
      "import { analyseWithEngine as x } from '../../api/analytics-engine.ts';",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cli\/ is an edge like api\/.*not api\//);
  });

  it('lets cli/ import analysis/ and data/', async () => {
    expect(
      await layeringErrors(
        'cli/commands/example.ts',
        "import { GDS_AUTO_COLLABORATIONS as x } from '../../analysis/engine-policy.ts';\nimport { runEngineAnalysis } from '../../data/neo4j/analytics-engine.ts';\nvoid runEngineAnalysis;",
      ),
    ).toEqual([]);
  });

  it.each([
    ['api/routes/example.ts', "import { x } from '../../bench/harness.ts';"],
    ['data/sources/example.ts', "import { x } from '../../bench/harness.ts';"],
    ['cli/example.ts', "import { x } from '../bench/harness.ts';"],
    ['analysis/example.ts', "import { x } from '../bench/harness.ts';"],
    ['scripts/example.ts', "import { x } from '../bench/harness.ts';"],
  ])('refuses %s importing bench/', async (path, code) => {
    expect(await layeringErrors(path, code)).toHaveLength(1);
  });

  it('refuses compute/ importing api/ or cli/, and lets api/ and cli/ import compute/', async () => {
    const errors = await layeringErrors('compute/example.ts', "import { x } from '../api/errors.ts';");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/compute\/ runs the analysis .* never api\//);
    expect(await layeringErrors('compute/example.ts', "import { x } from '../cli/load.ts';")).toHaveLength(1);
    expect(
      await layeringErrors(
        'cli/example.ts',
        "import { WORKER_RUNNER as x } from '../compute/worker-runner.ts';",
      ),
    ).toEqual([]);
    expect(
      await layeringErrors(
        'api/example.ts',
        "import { WORKER_RUNNER as x } from '../compute/worker-runner.ts';",
      ),
    ).toEqual([]);
  });

  it('refuses api/ importing cli/ and data/ importing api/', async () => {
    expect(await layeringErrors('api/example.ts', "import { x } from '../cli/load.ts';")).toHaveLength(1);
    expect(
      await layeringErrors('data/neo4j/example.ts', "import { x } from '../../api/analytics-engine.ts';"),
    ).toHaveLength(1);
  });

  it('lets bench/ import api/, cli/, analysis/ and data/', async () => {
    expect(
      await layeringErrors(
        'bench/example.ts',
        "import { x } from '../api/analytics-engine.ts';\nimport { main } from '../cli/main.ts';\nimport { VERSION } from '../data/version.ts';\nimport { chooseEngine } from '../analysis/engine-policy.ts';\nvoid [main, VERSION, chooseEngine];",
      ),
    ).toEqual([]);
  });
});
