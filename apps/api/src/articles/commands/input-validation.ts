import { validateSync, type ValidationError } from 'class-validator';
import { BadInput } from '../application.errors';

/**
 * Runs class-validator on an input object; refuses with every problem, field by field. Synchronously:
 * Galley's inputs have no asynchronous constraint, and `validate` would wait on a promise per field.
 */
export function validateInput(input: object | undefined): void {
  if (input === undefined) return;
  const errors = validateSync(input, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  if (errors.length === 0) return;
  const fields = flatten(errors);
  throw new BadInput(fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join('. '), fields);
}

function flatten(errors: readonly ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
