/** `partner-atlas validate --data DIR`: checks a bundle and prints its counts or every problem. */
import { buildGraph } from '../../analysis/build-graph.ts';
import { BundleError } from '../../analysis/errors.ts';
import { loadFromPath } from '../../data/sources/load-network.ts';
import { defineCommand, type Command } from '../command.ts';
import { dataPath } from '../load.ts';

const usage = `Usage: partner-atlas validate [--data DIR|FILE.json] [--json]

Checks a network bundle (a folder of CSV files, or a serialized .json network) and prints
its counts, or every problem with its file, line and column (with --json, as
{ "valid": false, "problems": [{ file, line, column, message }] }). Exit code 0 when valid, 1 otherwise.
Default --data: $DATA_DIR, else the bundled sample.`;

export const validateCommand: Command = defineCommand({
  name: 'validate',
  summary: 'check a data bundle and print its counts or its errors',
  usage,
  options: ['data'],
  flags: ['json'],
  async run({ text, flag }) {
    const path = dataPath(text('data'));
    let loaded: Awaited<ReturnType<typeof loadFromPath>>;
    try {
      loaded = await loadFromPath(path);
    } catch (error) {
      if (!(flag('json') && error instanceof BundleError)) throw error;
      // A script asking for JSON gets the problems as JSON too, on stdout, with exit code 1.
      console.log(JSON.stringify({ valid: false, source: path, problems: error.issues }, null, 2));
      return 1;
    }
    const { records, source } = loaded;
    const graph = buildGraph(records, { source });
    const counts = {
      businesses: graph.order,
      capabilities: new Set(records.capabilities.map((c) => c.capability)).size,
      capabilityRecords: records.capabilities.length,
      needs: records.needs.length,
      collaborationRows: records.collaborations.length,
      collaboratingPairs: graph.size,
      sectors: new Set(records.businesses.map((b) => b.sector).filter(Boolean)).size,
    };
    if (flag('json')) console.log(JSON.stringify({ valid: true, source, counts }, null, 2));
    else {
      console.log(`✓ ${path} is a valid network bundle`);
      console.log(
        `  ${counts.businesses} businesses, ${counts.sectors} sectors, ${counts.capabilities} capabilities (${counts.capabilityRecords} held), ` +
          `${counts.needs} needs, ${counts.collaborationRows} collaboration rows between ${counts.collaboratingPairs} pairs`,
      );
    }
    return 0;
  },
});
