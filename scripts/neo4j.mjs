#!/usr/bin/env node
// The local Neo4j 5.26 Community server for development (neo4j/Launcher.java, docs/neo4j.md), with
// the Graph Data Science 2.13 plugin (OpenGDS, GPLv3) loaded from neo4j/plugins and gds.* unrestricted:
//   node scripts/neo4j.mjs build    compile the launcher and copy its jars (Maven), if out of date
//   node scripts/neo4j.mjs ensure   build when Java and Maven exist, else say in one line how to get
//                                   them (npm's pretest: the real-Neo4j tests then run, not skip)
//   node scripts/neo4j.mjs start    build if needed, start in the background, wait until Bolt answers
//   node scripts/neo4j.mjs stop     stop it cleanly (SIGTERM) and wait for it to exit
//   node scripts/neo4j.mjs status   print whether it runs
// Environment: NEO4J_BOLT_PORT (7687), NEO4J_PASSWORD (partner-atlas), NEO4J_DATA_DIR (.neo4j),
// NEO4J_PAGECACHE (256m), NEO4J_JAVA_OPTS (-Xmx1g -XX:+UseSerialGC).
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const moduleDir = join(root, 'neo4j');
const dataDir = resolve(root, process.env.NEO4J_DATA_DIR ?? '.neo4j');
const pidFile = join(dataDir, 'neo4j.pid');
const outFile = join(dataDir, 'neo4j.out');
const port = Number(process.env.NEO4J_BOLT_PORT ?? 7687);
const javaOpts = (process.env.NEO4J_JAVA_OPTS ?? '-Xmx1g -XX:+UseSerialGC').split(/\s+/).filter(Boolean);
const READY = 'partner-atlas-neo4j ready';

function newestSource() {
  let t = statSync(join(moduleDir, 'pom.xml')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(join(moduleDir, 'src'));
  return t;
}

// Maven leaves an up-to-date class file's time alone, so a stamp marks a successful build.
const stamp = join(moduleDir, 'target/partner-atlas-built');

function isBuilt() {
  const cls = join(moduleDir, 'target/classes/org/partneratlas/neo4j/Launcher.class');
  const lib = join(moduleDir, 'lib');
  const plugins = join(moduleDir, 'plugins');
  return (
    existsSync(cls) &&
    existsSync(lib) &&
    readdirSync(lib).some((f) => /^neo4j-bolt-\d/.test(f)) &&
    existsSync(plugins) &&
    readdirSync(plugins).some((f) => /^opengds-extension-\d/.test(f)) &&
    existsSync(stamp) &&
    statSync(stamp).mtimeMs >= newestSource()
  );
}

function build() {
  if (isBuilt()) return 0;
  console.log(
    'Building the local Neo4j launcher (Maven; the first build downloads about 195 MB, GDS included)…',
  );
  const r = spawnSync('mvn', ['-q', '-B', '-f', join(moduleDir, 'pom.xml'), 'package', '-DskipTests'], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.error) {
    console.error(`Cannot run Maven (${r.error.message}); install a JDK 17+ and Maven.`);
    return 1;
  }
  if (r.status === 0) writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return r.status ?? 1;
}

function hasTool(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function ensure() {
  if (isBuilt()) return 0;
  const missing = [!hasTool('java', ['-version']) && 'a JDK 17+', !hasTool('mvn', ['-v']) && 'Maven'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    console.log(
      `The real-Neo4j tests will be skipped: install ${missing.join(' and ')} (Debian: apt-get install openjdk-17-jdk-headless maven) and npm test builds the launcher itself.`,
    );
    return 0;
  }
  return build();
}

function runningPid() {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    rmSync(pidFile, { force: true });
    return undefined;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function boltAnswers() {
  return new Promise((resolveAnswer) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolveAnswer(true);
    });
    socket.on('error', () => resolveAnswer(false));
  });
}

async function start() {
  const running = runningPid();
  if (running) {
    console.log(`Neo4j already runs (pid ${running}) on bolt://127.0.0.1:${port}`);
    return 0;
  }
  if (await boltAnswers()) {
    console.error(`Port ${port} is already taken by another process; set NEO4J_BOLT_PORT to a free port.`);
    return 1;
  }
  const built = build();
  if (built !== 0) return built;
  mkdirSync(dataDir, { recursive: true });
  const out = openSync(outFile, 'w');
  // plugins/ on the classpath too, as the Neo4j server's start script does: GDS's kernel
  // extension and settings load from there, its procedures from the plugin directory.
  const cp = `${join(moduleDir, 'target/classes')}:${join(moduleDir, 'lib')}/*:${join(moduleDir, 'plugins')}/*`;
  const child = spawn('java', [...javaOpts, '-cp', cp, 'org.partneratlas.neo4j.Launcher'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      NEO4J_DATA_DIR: dataDir,
      NEO4J_BOLT_PORT: String(port),
      NEO4J_PLUGINS_DIR: join(moduleDir, 'plugins'),
    },
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  writeFileSync(pidFile, String(child.pid));
  child.unref();
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited) {
      rmSync(pidFile, { force: true });
      console.error(
        `Neo4j exited during start; see ${outFile}:\n${readFileSync(outFile, 'utf8').slice(-2000)}`,
      );
      return 1;
    }
    if (readFileSync(outFile, 'utf8').includes(READY) && (await boltAnswers())) {
      console.log(
        `Neo4j ready on bolt://127.0.0.1:${port} (pid ${child.pid}, data ${dataDir}); stop it with npm run neo4j:stop`,
      );
      return 0;
    }
    await sleep(250);
  }
  console.error(`Neo4j did not become ready within 180 s; see ${outFile}. Stopping it.`);
  process.kill(child.pid, 'SIGTERM');
  return 1;
}

async function stop() {
  const pid = runningPid();
  if (!pid) {
    console.log('Neo4j is not running');
    return 0;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(pidFile, { force: true });
      console.log(`Neo4j stopped (pid ${pid})`);
      return 0;
    }
    await sleep(250);
  }
  console.error(`Neo4j (pid ${pid}) did not stop within 60 s after SIGTERM`);
  return 1;
}

function status() {
  const pid = runningPid();
  console.log(pid ? `Neo4j runs (pid ${pid}) on bolt://127.0.0.1:${port}` : 'Neo4j is not running');
  return 0;
}

const commands = {
  build: async () => build(),
  ensure: async () => ensure(),
  start,
  stop,
  status: async () => status(),
};
const name = process.argv[2] ?? '';
if (!(name in commands)) {
  console.error('Usage: node scripts/neo4j.mjs build|ensure|start|stop|status');
  process.exit(2);
}
process.exitCode = await commands[name]();
