import type Database from 'better-sqlite3';

/**
 * Records the plan SQLite chose for every statement prepared on `db` from now on, each time one is
 * read (`get` or `all`) with its parameters: one list of plan lines per read, in order.
 */
export function recordQueryPlans(db: Database.Database): string[][] {
  const plans: string[][] = [];
  const prepare = db.prepare.bind(db);
  jest.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
    const statement = prepare(sql);
    const explain = prepare(`EXPLAIN QUERY PLAN ${sql}`);
    for (const method of ['get', 'all'] as const) {
      const read = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      Object.assign(statement, {
        [method]: (...params: unknown[]) => {
          plans.push((explain.all(...params) as { detail: string }[]).map((row) => row.detail));
          return read(...params);
        },
      });
    }
    return statement;
  }) as typeof db.prepare);
  return plans;
}
