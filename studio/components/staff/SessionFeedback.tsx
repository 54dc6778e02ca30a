// One session's feedback for staff: how many answered, the average rating, how the ratings
// spread and every comment (no names or addresses: the staff API leaves them out), with the CSV.
import { DownloadIcon } from '@sanity/icons/Download'
import { Button, Card, Stack, Text } from '@sanity/ui'
import { useEffect, useState } from 'react'
import { downloadExport, staffRequest } from '../../staff-api'

type Answer = { rating: number; mostUseful: string; improve: string; submittedAt: string }
type Results = {
  count: number
  average: number | null
  ratings: Record<'1' | '2' | '3' | '4' | '5', number>
  answers: Answer[]
}

export function SessionFeedback(props: { courseId: string; sessionKey: string; label: string }) {
  const base = `/sessions/${encodeURIComponent(props.courseId)}/${encodeURIComponent(props.sessionKey)}/feedback`
  const [results, setResults] = useState<Results | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setResults(null)
    setError(null)
    staffRequest(base)
      .then(async (res) => setResults((await res.json()) as Results))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Loading failed.'))
  }, [base])

  const download = () => {
    setError(null)
    downloadExport(`${base}.csv`, 'feedback.csv').catch((err: unknown) =>
      setError(err instanceof Error ? err.message : 'The export failed.'),
    )
  }
  const comments = results?.answers.filter((a) => a.mostUseful || a.improve) ?? []

  return (
    <Card padding={3} radius={2} border>
      <Stack space={3}>
        <Text weight="semibold">Feedback: {props.label}</Text>
        {error && (
          <Text size={1} role="alert">
            {error}
          </Text>
        )}
        {results === null && !error && <Text size={1}>Loading…</Text>}
        {results && results.count === 0 && <Text size={1}>No feedback yet.</Text>}
        {results && results.count > 0 && (
          <>
            <Text size={1} data-testid="feedback-summary">
              {results.count} {results.count === 1 ? 'answer' : 'answers'}, average{' '}
              {results.average ?? '–'} out of 5 (
              {(['5', '4', '3', '2', '1'] as const)
                .map((r) => `${r}: ${results.ratings[r]}`)
                .join(', ')}
              )
            </Text>
            {comments.map((a) => (
              <Card key={a.submittedAt + a.rating} padding={2} radius={2} tone="transparent" border>
                <Stack space={2}>
                  <Text size={1} weight="semibold">
                    Rated {a.rating}
                  </Text>
                  {a.mostUseful && <Text size={1}>Most useful: {a.mostUseful}</Text>}
                  {a.improve && <Text size={1}>Could be better: {a.improve}</Text>}
                </Stack>
              </Card>
            ))}
            <Button
              fontSize={1}
              mode="ghost"
              icon={DownloadIcon}
              text="Download feedback (CSV)"
              onClick={download}
            />
          </>
        )}
      </Stack>
    </Card>
  )
}
