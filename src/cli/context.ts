import { createInterface } from 'node:readline';
import { CommanderError } from 'commander';
import type { z } from 'zod';
import { AppError } from '../core/errors.js';
import { DataDirInUseError } from '../db/lock.js';
import { type Database, defaultDataDir, openDatabase } from '../db/open.js';
import { errorMessage } from '../db/sql.js';

/** Bad arguments: exit 2 with a one-line reason. */
export class UsageError extends Error {}

export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** Opens the configured database (migrated), runs `work`, and always closes it. */
export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: databaseUrl(), dataDir: defaultDataDir() });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** With `--json`, stdout carries exactly one JSON document; everything else goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A password from `--password-stdin` (first line of stdin) or a prompt on a terminal. */
export async function readPassword(opts: { passwordStdin?: boolean }, prompt: string): Promise<string> {
  if (opts.passwordStdin) {
    const first = (await readStdin()).split(/\r?\n/)[0] ?? '';
    if (!first) throw new UsageError('--password-stdin: stdin held no password');
    return first;
  }
  if (!process.stdin.isTTY)
    throw new UsageError('no terminal to ask for a password: pass it on stdin with --password-stdin');
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    out._writeToOutput = () => {}; // keep the typed password off the screen
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** Exit codes: 0 success, 1 failure, 2 bad arguments (with a one-line reason on stderr). */
export function exitCodeFor(err: unknown): { code: number; message: string | undefined } {
  if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, message: undefined };
  if (err instanceof UsageError) return { code: 2, message: err.message };
  if (err instanceof AppError) return { code: err.code === 'invalid' ? 2 : 1, message: err.message };
  if (err instanceof DataDirInUseError) return { code: 1, message: err.message };
  if (process.env.TOUCHLINE_DEBUG) console.error(err);
  const message = errorMessage(err);
  const isDb = err instanceof Error && err.cause instanceof Error;
  return { code: 1, message: isDb ? `${message} (set TOUCHLINE_DEBUG=1 for details)` : message };
}

const flagName = (key: string) =>
  `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, '-')}`;

/**
 * Parses flags with a feature's contract, the same schema its route parses with. Flags left out are
 * dropped first, so the contract's defaults apply. A bad value is a usage error (exit 2) naming its flag.
 */
export function parseFlags<S extends z.ZodType>(
  schema: S,
  flags: Record<string, unknown>,
  /** How the command line names a field that is not a flag (a positional argument). */
  names: Record<string, string> = {},
): z.output<S> {
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const value = given[key];
  throw new UsageError(
    `${names[key] ?? (key ? flagName(key) : 'arguments')}${value === undefined ? '' : ` "${String(value)}"`}: ${issue?.message ?? 'not accepted'}`,
  );
}
