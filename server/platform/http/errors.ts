/** Errors a service throws; the platform turns each into the right page or problem+json (API.md). */
export interface FieldError {
  /** JSON Pointer into the request body, e.g. `/dateOfBirth`. */
  field: string
  message: string
}

export class DomainError extends Error {}

export class BadRequestError extends DomainError {}

export class NotFoundError extends DomainError {
  constructor(what = 'record') {
    super(`No such ${what}`)
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this') {
    super(message)
  }
}

export class ValidationError extends DomainError {
  constructor(public readonly errors: FieldError[]) {
    super('The request is not valid')
  }
}

export type ConflictType = 'stale-version' | 'caseload-cap' | 'invalid-state'

export class ConflictError extends DomainError {
  constructor(
    public readonly type: ConflictType,
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export class StaleVersionError extends ConflictError {
  constructor(what = 'record') {
    super('stale-version', `Someone else changed this ${what} after you opened it. Reload it to see their changes, then make yours again.`)
  }
}
