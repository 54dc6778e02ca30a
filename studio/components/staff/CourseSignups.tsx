// Per-session numbers for a course: capacity, confirmed, offered, seats left, waitlist and
// check-ins, with a CSV download of each session's registrations and a check-in list.
import { DownloadIcon } from '@sanity/icons/Download'
import { Badge, Button, Card, Stack, Text } from '@sanity/ui'
import { useState } from 'react'
import { downloadExport, type DocumentSummary } from '../../staff-api'
import { SessionCheckIn } from './SessionCheckIn'
import { SessionFeedback } from './SessionFeedback'

type CourseSummary = Extract<DocumentSummary, { type: 'course' }>

const cell = {
  padding: '0.5rem 0.75rem',
  textAlign: 'right' as const,
  borderBottom: '1px solid var(--card-border-color)',
}
const headCell = { ...cell, fontWeight: 600 }
const firstCell = { ...cell, textAlign: 'left' as const }

// The count columns, in the order each row's cells follow.
const NUMBER_COLUMNS = [
  'Capacity',
  'Confirmed',
  'Offered',
  'Seats left',
  'Waitlist',
  'Checked in',
] as const

const show = (n: number | null) => (n === null ? '—' : String(n))

export function CourseSignups(props: { courseId: string; summary: CourseSummary }) {
  const { courseId, summary } = props
  const [error, setError] = useState<string | null>(null)
  const [checkIn, setCheckIn] = useState<string | null>(null)
  if (summary.sessions.length === 0) {
    return (
      <Text size={1} muted>
        This course has no published sessions.
      </Text>
    )
  }
  const download = (key: string) => {
    setError(null)
    downloadExport(
      `/sessions/${encodeURIComponent(courseId)}/${encodeURIComponent(key)}/export.csv`,
      `${key}.csv`,
    ).catch((err: unknown) => setError(err instanceof Error ? err.message : 'The export failed.'))
  }
  // The session whose check-in list and feedback are open below the table.
  const opened =
    checkIn === null
      ? null
      : {
          courseId,
          sessionKey: checkIn,
          label: summary.sessions.find((s) => s.key === checkIn)?.label ?? checkIn,
        }
  return (
    <Stack space={3}>
      <Card radius={2} border overflow="auto">
        <table
          style={{ borderCollapse: 'collapse', width: '100%', fontSize: '0.875rem' }}
          data-testid="staff-session-counts"
        >
          <caption style={{ textAlign: 'left', padding: '0.75rem', fontWeight: 600 }}>
            Registrations per session
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...headCell, textAlign: 'left' }}>
                Session
              </th>
              {NUMBER_COLUMNS.map((title) => (
                <th key={title} scope="col" style={headCell}>
                  {title}
                </th>
              ))}
              <th scope="col" style={headCell}>
                <span
                  style={{
                    position: 'absolute',
                    width: 1,
                    height: 1,
                    overflow: 'hidden',
                    clip: 'rect(0 0 0 0)',
                  }}
                >
                  Export and check-in
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.sessions.map((s) => (
              <tr key={s.key} data-session-key={s.key}>
                <th scope="row" style={{ ...firstCell, fontWeight: 400 }}>
                  {s.label}{' '}
                  {s.status && s.status !== 'scheduled' && <Badge tone="caution">{s.status}</Badge>}
                </th>
                <td style={cell}>{show(s.counts.capacity)}</td>
                <td style={cell}>{s.counts.confirmed}</td>
                <td style={cell}>{s.counts.offered}</td>
                <td style={cell}>
                  {s.counts.seatsLeft === 0 ? (
                    <Badge tone="critical">Full</Badge>
                  ) : (
                    show(s.counts.seatsLeft)
                  )}
                </td>
                <td style={cell}>{s.counts.waitlisted}</td>
                <td style={cell}>{s.counts.checkedIn}</td>
                <td style={cell}>
                  <Button
                    mode="bleed"
                    fontSize={1}
                    icon={DownloadIcon}
                    text="CSV"
                    title={`Download registrations for ${s.label} (CSV)`}
                    onClick={() => download(s.key)}
                  />
                  <Button
                    mode="bleed"
                    fontSize={1}
                    text="Check-in"
                    title={`Mark attendance for ${s.label}`}
                    selected={checkIn === s.key}
                    onClick={() => setCheckIn(checkIn === s.key ? null : s.key)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {opened && (
        <>
          <SessionCheckIn {...opened} />
          <SessionFeedback {...opened} />
        </>
      )}
      {error && (
        <Card padding={3} tone="critical" radius={2}>
          <Text size={1}>{error}</Text>
        </Card>
      )}
    </Stack>
  )
}
