import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A bare bound parameter as a LIMIT (`LIMIT ?`, `LIMIT @limit`) makes SQLite compile the statement
 * again at every run: it plans with the LIMIT's value, so each binding expires the statement. Written
 * `LIMIT +?`, the parameter is an expression, and the statement is compiled once (ADR 0021).
 */
const BARE_BOUND_LIMIT = /\bLIMIT\s+[?@:$]/gi;
const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('SQL statements', () => {
  const files = ['apps', 'libs'].flatMap((top) => sources(join(ROOT, top)));

  it('are found (the scan reads the stores and read models)', () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toEqual(expect.arrayContaining(['libs/event-store/src/sqlite/sqlite-event-store.ts', 'libs/read-models/src/audit/audit-log.read-model.ts']));
  });

  it('never take a bare bound parameter as their LIMIT', () => {
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (line.match(BARE_BOUND_LIMIT) ? [`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
