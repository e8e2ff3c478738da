import { isRole, type Role } from '@galley/editorial';
import { parseArgs } from 'node:util';
import { developmentSecret } from './auth/demo-users';
import { signToken } from './auth/tokens';
import { loadConfig } from './config/galley.config';

/** npm run token -- --sub ID --name NAME --roles editor,publisher [--expires 30d] */
function main(): void {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string', default: '' },
      expires: { type: 'string', default: '30d' },
    },
  });
  if (!values.sub) throw new Error('--sub is required');
  const roles = values.roles.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new Error(`unknown roles: ${unknown.join(', ')} (known: writer, editor, fact_checker, publisher, admin)`);
  const config = loadConfig();
  const secret = config.jwtSecret ?? developmentSecret(config.dataDir);
  process.stdout.write(`${signToken(secret, { sub: values.sub, name: values.name ?? values.sub, roles: roles as Role[] }, values.expires as never)}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
}
