/** Refusals raised outside the domain, each with the code the API reports. */
export class VersionConflict extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly articleId: string,
    readonly expectedVersion: number | null,
    readonly currentVersion: number,
  ) {
    super(
      expectedVersion === null
        ? `Article ${articleId} kept changing; try again`
        : `Article ${articleId} is at version ${currentVersion}, not ${expectedVersion}`,
    );
    this.name = 'VersionConflict';
  }
}

export class Unauthenticated extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'A valid bearer token is required') {
    super(message);
    this.name = 'Unauthenticated';
  }
}

export class BadInput extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly fields: readonly { field: string; problems: string[] }[] = [],
  ) {
    super(message);
    this.name = 'BadInput';
  }
}
