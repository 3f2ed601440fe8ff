// The services the tests talk to. The storage tests run against a real PostgreSQL at 127.0.0.1:5432
// (trust auth, database `test`); on this project's machines it is a Debian cluster that
// `pg_ctlcluster` can start when it is down.
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { BootstrapError, info, run } from './log.mjs';
import { findCommand } from './system-packages.mjs';

/** Resolves true when a TCP connection to host:port opens within timeoutMs. */
export function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(host, port, totalMs) {
  const deadline = Date.now() + totalMs;
  while (Date.now() < deadline) {
    if (await canConnect(host, port)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The Debian cluster versions under /etc/postgresql (e.g. ['15']), newest first. */
export function postgresClusterVersions(dir = '/etc/postgresql') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(`${dir}/${v}/main`))
    .sort((a, b) => Number(b) - Number(a));
}

export async function ensurePostgres({ host = '127.0.0.1', port = 5432 } = {}) {
  if (await canConnect(host, port)) {
    info(`PostgreSQL is accepting connections at ${host}:${port}`);
    return;
  }
  const versions = postgresClusterVersions();
  if (findCommand('pg_ctlcluster') && versions.length > 0) {
    const version = versions[0];
    info(`PostgreSQL is down: starting cluster ${version}/main`);
    const code = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (code !== 0) info(`pg_ctlcluster exited with ${code}`);
    if (await waitForPort(host, port, 20_000)) {
      info(`PostgreSQL is accepting connections at ${host}:${port}`);
      return;
    }
  }
  throw new BootstrapError(
    [
      `The storage tests need PostgreSQL at ${host}:${port} (trust auth for the current user, database "test"), and nothing answers there.`,
      `Start it, e.g. on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      `or run any PostgreSQL there that lets the current user in without a password and has a database "test".`,
    ].join('\n'),
  );
}
