// Today's check-in for one session: the confirmed registrants, each with a button that marks
// (or undoes) attendance through the staff API. Certificates go to those checked in once the
// session has ended.
import { Button, Card, Flex, Stack, Text } from '@sanity/ui'
import { useCallback, useEffect, useState } from 'react'
import { staffRequest } from '../../staff-api'

type Person = { id: string; name: string; status: string; checkedInAt: string | null }

export function SessionCheckIn(props: { courseId: string; sessionKey: string; label: string }) {
  const base = `/sessions/${encodeURIComponent(props.courseId)}/${encodeURIComponent(props.sessionKey)}`
  const [people, setPeople] = useState<Person[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(() => {
    staffRequest(base)
      .then(async (res) => {
        const body = (await res.json()) as { registrants: Person[] }
        setPeople(body.registrants.filter((p) => p.status === 'confirmed'))
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Loading failed.'))
  }, [base])
  useEffect(load, [load])

  const toggle = (p: Person) => {
    setBusy(p.id)
    setError(null)
    staffRequest(`/registrations/${encodeURIComponent(p.id)}/check-in`, {
      method: p.checkedInAt ? 'DELETE' : 'POST',
    })
      .then(load)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Check-in failed.'))
      .finally(() => setBusy(null))
  }

  return (
    <Card padding={3} radius={2} border>
      <Stack space={3}>
        <Text weight="semibold">Check-in: {props.label}</Text>
        {error && (
          <Text size={1} role="alert">
            {error}
          </Text>
        )}
        {people === null && !error && <Text size={1}>Loading…</Text>}
        {people?.length === 0 && <Text size={1}>Nobody has a confirmed place.</Text>}
        {people?.map((p) => (
          <Flex key={p.id} align="center" gap={3} data-registration-id={p.id}>
            <Text size={1} style={{ flex: 1 }}>
              {p.name}
              {p.checkedInAt ? ' (present)' : ''}
            </Text>
            <Button
              fontSize={1}
              mode={p.checkedInAt ? 'ghost' : 'default'}
              text={p.checkedInAt ? 'Undo' : 'Mark present'}
              aria-label={`${p.checkedInAt ? 'Undo check-in for' : 'Mark present:'} ${p.name}`}
              disabled={busy === p.id}
              onClick={() => toggle(p)}
            />
          </Flex>
        ))}
      </Stack>
    </Card>
  )
}
