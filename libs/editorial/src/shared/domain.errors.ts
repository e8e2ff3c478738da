/** Refusals the domain raises; `code` is what the API reports in `extensions.code`. */
export abstract class DomainError extends Error {
  abstract readonly code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'INVALID_TRANSITION' | 'NOT_FOUND';
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'Forbidden';
  }
}

export class InvalidInput extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidInput';
  }
}

export class InvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly stage: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTransition';
  }
}

export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFound';
  }
}

/**
 * Not a refusal: publishing now needs an edition number and a slug, which are held by their own
 * streams. The application reserves them and decides again with the slot filled in.
 */
export class PublicationSlotRequired extends Error {
  constructor(readonly title: string) {
    super('An edition number and slug must be reserved before publishing');
    this.name = 'PublicationSlotRequired';
  }
}

/**
 * Not a refusal: a correction of the headline renames the article, and the new slug is held by
 * its own stream. The application reserves it and decides again with the slug filled in.
 */
export class NewSlugRequired extends Error {
  constructor(readonly title: string) {
    super('A new slug must be reserved for the corrected title');
    this.name = 'NewSlugRequired';
  }
}
