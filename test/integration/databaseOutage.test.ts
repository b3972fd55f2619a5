import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/open.js';
import { buildApp } from '../../src/server/app.js';
import { onPostgres } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { signedInAs } from '../helpers/http.js';

/**
 * The database goes away and comes back while the server runs (issue 11, point 6). The "database" the
 * app sees is a TCP relay of this test's own, in front of a test database: closing the relay is a
 * stopped server on a port we control; the shared server itself is never touched.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

describe.skipIf(!onPostgres)('a database that goes away', () => {
  it('makes health say 503 unavailable and data routes 503, and both recover without a restart', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    const name = `outage_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    cleanup.push(async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    });
    const relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.start();
    cleanup.push(() => relay.stop());
    const viaRelay = new URL(url);
    viaRelay.port = String(relay.port);
    viaRelay.pathname = `/${name}`;
    const database: Database = await openDatabase({ url: viaRelay.toString(), poolSize: 2 });
    cleanup.push(() => database.close());
    const { app } = await buildApp({ database, webDir: '/nonexistent' });
    cleanup.push(() => app.close());
    const t = await makeOrg(database.db);
    const client = await signedInAs(app, database, t.org.id, t.admin);
    const health = () => app.inject({ method: 'GET', url: '/api/health' });

    expect((await health()).json()).toEqual({ status: 'ok', database: 'ok' });
    expect((await client.request('GET', '/api/people')).statusCode).toBe(200);

    await relay.stop();
    const down = await health();
    expect(down.statusCode).toBe(503);
    expect(down.json().status).toBe('unavailable');
    const people = await client.request('GET', '/api/people');
    expect(people.statusCode, people.body).toBe(503);
    expect(people.headers['content-type']).toContain('application/problem+json');
    expect(people.json().detail).toBe('The database is unavailable; try again in a moment.');

    await relay.start(); // the same port: the database is back
    expect((await health()).json()).toEqual({ status: 'ok', database: 'ok' });
    expect((await client.request('GET', '/api/people')).statusCode).toBe(200);
  });
});
