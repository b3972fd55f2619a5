import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/open.js';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrate one PostgreSQL database once; each test file then clones it with CREATE DATABASE … TEMPLATE. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const base = new URL(url).pathname.slice(1) || 'postgres';
  const template = `${base}_tmpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${template}"`);
  await admin.query(`create database "${template}"`);
  const database = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
  await database.close();
  await admin.end();
  project.provide('postgresTemplate', template);
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const clones = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${template}%`],
    );
    for (const row of clones.rows)
      await client.query(`drop database if exists "${row.datname}" with (force)`);
    await client.end();
  };
}
