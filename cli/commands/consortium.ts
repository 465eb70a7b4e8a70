/** `partner-atlas consortium`: teams that together cover a project's capabilities. */
import { buildConsortium } from '../../analysis/partnering/consortium.ts';
import { buildPartneringIndex } from '../../analysis/partnering/partnering-index.ts';
import { defineCommand, type Command } from '../command.ts';

const usage = `Usage: partner-atlas consortium --capabilities "a,b,c" [--anchor ID] [--max-size 5] [--alternatives 3] [--data DIR] [--json]

Teams of at most --max-size businesses (the anchor included) that together cover the
capabilities, ranked by coverage, capability levels, cohesion and mutual benefit.`;

export const consortiumCommand: Command = defineCommand({
  name: 'consortium',
  summary: 'build teams that cover a project’s capabilities',
  usage,
  options: ['data', 'capabilities', 'anchor', 'max-size', 'alternatives'],
  flags: ['json'],
  async run({ text, flag, count, usageError, loadGraph }) {
    const capabilities = (text('capabilities') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (capabilities.length === 0) throw usageError('--capabilities is required', 'capabilities');
    const { graph } = await loadGraph();
    const maxSize = count('max-size');
    const alternatives = count('alternatives');
    const result = buildConsortium(buildPartneringIndex(graph), {
      capabilities,
      ...(text('anchor') !== undefined && { anchor: text('anchor') as string }),
      ...(maxSize !== undefined && { maxSize }),
      ...(alternatives !== undefined && { alternatives }),
    });
    if (flag('json')) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    console.log(
      `Teams for ${capabilities.join(', ')} (${result.method} search)${result.gaps.length ? `; nobody holds: ${result.gaps.join(', ')}` : ''}`,
    );
    result.teams.forEach((t, i) => {
      console.log(
        `\n${i + 1}. score ${t.score.toFixed(3)} — ${t.complete ? 'covers everything' : `missing ${t.uncovered.join(', ')}`}; cohesion ${t.components.cohesion.toFixed(2)}, ${t.existingTies.length} existing ties`,
      );
      for (const m of t.members)
        console.log(
          `   - ${m.name} (${m.id}): ${m.brings.map((b) => `${b.capability} L${b.level}`).join(', ') || 'anchor'}`,
        );
    });
    return 0;
  },
});
