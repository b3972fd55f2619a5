// Shared by the benchmarks: run a command and measure it, name a database on the benchmark server.
import { spawnSync } from 'node:child_process';

/** Runs a command to completion; `rssMb` is its peak resident memory (GNU time). Throws on failure. */
export function run(cmd, args, env = {}, input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  const rssMb = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  return { seconds, stdout: r.stdout, rssMb };
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl, name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
