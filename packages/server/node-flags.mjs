// How node runs the built server (npm start, and bench/analytics's export child, which runs the server's code the
// same way): one place, so the benchmark measures what users run.

/**
 * Source maps: stack traces name the .ts files and lines, not the bundle's.
 *
 * PostgreSQL: a 4 MB young generation (V8's default is 16 MB per semi-space on 64-bit). The events export streams
 * COPY output straight from the socket, whose read buffers live outside V8's heap: they become garbage at once but
 * are only reclaimed with the small objects that hold them, and with the default size ≈ 40–60 MB of them waited for
 * the next collection. bench/analytics, 986,931 events, exporter peak RSS 145–158 → 114 MB, rows/s the same or
 * better. Not for SQLite: its export builds each batch's rows and text in the heap, and there the smaller young
 * generation promoted more of them and cost ≈ 25 % of its speed (peak 140 → 114 MB, not needed). V8 reads the flag
 * only from the command line, so it is chosen here, before the process starts, from `DATABASE_URL` as the server's
 * configuration chooses the database.
 */
export function serverNodeFlags(env = process.env) {
  return ['--enable-source-maps', ...(env.DATABASE_URL ? ['--max-semi-space-size=4'] : [])];
}
