// Privacy self-service covers exactly the address whose control was proved, compared
// case-insensitively, over generated sets of addresses that fold to one duplicate-detection key
// (+tags, Gmail dots, case): the export lists exactly the rows stored under the requested address
// and the erasure removes exactly those, leaving every other spelling's rows in place.
import fc from 'fast-check'
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import * as signups from '../signups/helpers'

type Action = 'register-20' | 'register-40' | 'sign' | 'alert'
type Spelling = { address: string; actions: Action[] }

const letters = fc.constantFrom(...'abcdefghjkmnpqrstuvwxyz'.split(''))

/** A lower-case local part, a domain, and how each spelling differs: tag, dots, case. */
const addressSets = fc
  .record({
    local: fc.string({ unit: letters, minLength: 3, maxLength: 7 }),
    domain: fc.constantFrom('example.org', 'gmail.com', 'charity.org.uk'),
    spellings: fc.array(
      fc.record({
        tag: fc.option(
          fc.oneof(
            fc.constantFrom('privacy', 'reg', 'sig', 'alert'),
            fc.string({ unit: letters, minLength: 1, maxLength: 5 }),
          ),
          { freq: 3 },
        ),
        dotAt: fc.option(fc.nat(), { freq: 2 }),
        upper: fc.array(fc.boolean(), { maxLength: 30 }),
        actions: fc.uniqueArray(
          fc.constantFrom<Action>('register-20', 'register-40', 'sign', 'alert'),
          {
            maxLength: 3,
          },
        ),
      }),
      { minLength: 2, maxLength: 5 },
    ),
    requested: fc.nat(),
    requestUpper: fc.array(fc.boolean(), { maxLength: 30 }),
  })
  .map(({ local, domain, spellings, requested, requestUpper }) => {
    const recase = (text: string, upper: boolean[]) =>
      [...text].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('')
    const built: Spelling[] = spellings.map(({ tag, dotAt, upper, actions }) => {
      // A dot between two letters of the local part (never first, last or doubled).
      const at = dotAt === null ? -1 : 1 + (dotAt % (local.length - 1))
      const dotted = at > 0 ? `${local.slice(0, at)}.${local.slice(at)}` : local
      const address = `${dotted}${tag === null ? '' : `+${tag}`}@${domain}`
      return { address: recase(address, upper), actions }
    })
    const target = built[requested % built.length]?.address ?? ''
    return { spellings: built, request: recase(target.toLowerCase(), requestUpper) }
  })

/** Signs up as the person would, through the partner API, with an Idempotency-Key each time. */
async function act(spelling: Spelling, n: number): Promise<void> {
  const email = spelling.address
  for (const action of spelling.actions) {
    const key = { 'idempotency-key': `exact-${n}-${action}` }
    const res =
      action === 'sign'
        ? await signups.apiPost(
            '/api/v1/signatures',
            {
              campaignSlug: signups.SEED.petition.slug,
              name: `Signer ${n}`,
              email,
              postcode: 'N1 9GU',
              consent: true,
            },
            key,
          )
        : action === 'alert'
          ? await signups.apiPost('/api/v1/alerts', { email, topics: ['nrm'], consent: true }, key)
          : await signups.apiPost(
              '/api/v1/registrations',
              {
                courseSlug: signups.SEED.course.slug,
                sessionKey:
                  action === 'register-20'
                    ? signups.SEED.sessions.open20
                    : signups.SEED.sessions.open40,
                ...signups.person(n, { email }),
              },
              key,
            )
    // 409: a spelling that folds to one already registered for the session (duplicate detection).
    const answered = res.status === 409 ? await res.text() : String(res.status)
    expect(answered, `${action} for ${email}`).toMatch(/^2\d\d$|already_registered/)
  }
}

type Held = { table: string; id: string; address: string }

/** Every stored row that names an address, with the address it names. */
async function held(): Promise<Held[]> {
  const all = await Promise.all(
    (
      [
        ['registrations', 'id', 'email'],
        ['signatures', 'id', 'email'],
        ['alert_subscriptions', 'id', 'email'],
        ['outbox', 'id', 'to_addr'],
        ['mailbox', 'id', 'to_addr'],
      ] as const
    ).map(async ([table, id, address]) =>
      (
        await signups.rows<{ id: string; address: string }>(
          `SELECT ${id} AS id, ${address} AS address FROM ${table}`,
        )
      ).map((r) => ({ table, id: r.id, address: r.address })),
    ),
  )
  return all.flat().sort((a, b) => `${a.table}/${a.id}`.localeCompare(`${b.table}/${b.id}`))
}

/** Idempotency records, named by key; `keyOwners` says whose request each key was. */
async function idempotencyKeys(): Promise<string[]> {
  return (await signups.rows<{ key: string }>('SELECT key FROM idempotency_keys ORDER BY key')).map(
    (r) => r.key,
  )
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

describe('privacy export and erasure cover exactly the proved address', () => {
  it('over generated spellings (+tags, dots, case), touch only rows of that address', async () => {
    // How many runs exercised an export and erasure beside other spellings' rows.
    let contested = 0
    await fc.assert(
      fc.asyncProperty(addressSets, async ({ spellings, request }) => {
        await signups.clearSignupTables()
        const keyOwner = new Map<string, string>()
        for (const [n, spelling] of spellings.entries()) {
          await act(spelling, n)
          for (const a of spelling.actions) keyOwner.set(`exact-${n}-${a}`, spelling.address)
        }
        await signups.mailbox()

        const res = await signups.formPost('/privacy', { email: request, website: '' })
        expect(res.status).toBe(200)
        const link = (await signups.mailbox(request)).find(
          (m) => m.subject === 'Your data at Safeguard',
        )
        const before = await held()
        const keysBefore = await idempotencyKeys()
        const owned = (h: Held) => same(h.address, request)
        const known = before.some(
          (h) =>
            owned(h) && ['registrations', 'signatures', 'alert_subscriptions'].includes(h.table),
        )
        // A link goes only to an address we hold signups for; another spelling's rows do not count.
        expect(link !== undefined, `privacy link sent to ${request}`).toBe(known)
        if (!link) return

        const exportPath = signups.linkAfter(link.text_body, 'Download my data (JSON):')
        const exported = (await (
          await SELF.fetch(`${signups.ORIGIN}${exportPath}`)
        ).json()) as Record<string, { id: string }[]>
        const idsOf = (table: string) =>
          before
            .filter((h) => h.table === table && owned(h))
            .map((h) => h.id)
            .sort()
        const exportedIds = (field: string) => (exported[field] ?? []).map((r) => r.id).sort()
        expect(exportedIds('registrations')).toEqual(idsOf('registrations'))
        expect(exportedIds('petitionSignatures')).toEqual(idsOf('signatures'))
        expect(exportedIds('courseAlerts')).toEqual(idsOf('alert_subscriptions'))
        expect(exportedIds('emailsSent')).toEqual(idsOf('outbox'))

        if (before.some((h) => !owned(h))) contested++
        const erasePath = signups.linkAfter(link.text_body, 'Erase my data:')
        const done = await signups.formPost('/privacy/erase', { token: signups.tokenOf(erasePath) })
        expect(await done.text()).toContain('Your data is erased')
        expect(await held()).toEqual(before.filter((h) => !owned(h)))
        expect(await idempotencyKeys()).toEqual(
          keysBefore.filter((k) => !same(keyOwner.get(k) ?? '', request)),
        )
      }),
      { numRuns: 25, seed: 1313 },
    )
    expect(contested).toBeGreaterThan(5)
  }, 180_000)
})
