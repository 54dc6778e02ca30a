// Shared shapes of the embedded content store: documents as Sanity stores them, and the errors
// the HTTP layer turns into Sanity-like JSON answers.

export type SanityDoc = {
  _id: string
  _type: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [key: string]: unknown
}

/** One document's state before and after a committed transaction (null = absent). */
export type DocChange = {
  id: string
  before: SanityDoc | null
  after: SanityDoc | null
}

export type CommittedTransaction = {
  transactionId: string
  /** Monotonic sequence number; also the dataset revision after this transaction. */
  seq: number
  timestamp: string
  changes: DocChange[]
  identity: string
}

/** An error the HTTP layer answers with the given status and Sanity-style `error` object. */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.description === 'string' ? body.description : `HTTP ${status}`)
  }
}

export function badRequest(description: string, extra: Record<string, unknown> = {}): StoreError {
  return new StoreError(400, { description, type: 'validationError', ...extra })
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isDoc(value: unknown): value is SanityDoc {
  return isRecord(value) && typeof value._id === 'string' && typeof value._type === 'string'
}

export function isDraftId(id: string): boolean {
  return id.startsWith('drafts.')
}

export function isVersionId(id: string): boolean {
  return id.startsWith('versions.')
}

/** The published id a draft or release version belongs to. */
export function publishedId(id: string): string {
  if (isDraftId(id)) return id.slice('drafts.'.length)
  if (isVersionId(id)) return id.split('.').slice(2).join('.')
  return id
}

/** The local editor every write is attributed to (the Studio signs in with no login step). */
export const LOCAL_IDENTITY = 'pLocalEditor'

/** Sanity-style timestamp: second precision, UTC. */
export function nowIso(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
