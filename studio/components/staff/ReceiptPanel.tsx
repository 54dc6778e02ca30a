// The latest publish receipt of a document: which pages went live and when.
import { Badge, Card, Flex, Stack, Text } from '@sanity/ui'
import type { PublishReceipt } from '../../staff-api'

const TONE = { done: 'positive', running: 'caution', failed: 'critical' } as const
const LABEL = { done: 'Live', running: 'Publishing…', failed: 'Failed' } as const

export function formatTime(iso: string | null): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
}

export function ReceiptPanel(props: { receipt: PublishReceipt | null }) {
  const { receipt } = props
  return (
    <Card padding={3} radius={2} tone="transparent" border>
      <Stack space={3}>
        <Text as="h3" size={1} weight="semibold">
          Latest publish
        </Text>
        {receipt ? (
          <>
            <Flex gap={2} align="center">
              <Badge tone={TONE[receipt.status]}>{LABEL[receipt.status]}</Badge>
              <Text size={1} muted>
                {formatTime(receipt.finishedAt ?? receipt.startedAt)}
              </Text>
            </Flex>
            <Text size={1}>
              {receipt.changed.length > 0
                ? `${receipt.changed.length} page${receipt.changed.length === 1 ? '' : 's'} went live:`
                : 'No page changed.'}
            </Text>
            {receipt.changed.length > 0 && (
              <Stack as="ul" space={2} data-testid="receipt-pages">
                {receipt.changed.map((path) => (
                  <Text as="li" size={1} key={path}>
                    <code>{path}</code>
                  </Text>
                ))}
              </Stack>
            )}
            {receipt.failed.length > 0 && (
              <Text
                size={1}
              >{`Could not rebuild: ${receipt.failed.join(', ')} (retried automatically).`}</Text>
            )}
          </>
        ) : (
          <Text size={1} muted>
            No publish recorded for this document yet.
          </Text>
        )}
      </Stack>
    </Card>
  )
}
