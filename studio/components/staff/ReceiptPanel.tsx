// The latest publish of a document: which pages went live and when, or why there is no receipt
// for the published version (see publishText).
import { Badge, Card, Flex, Stack, Text } from '@sanity/ui'
import type { PublishReceipt, PublishState } from '../../../worker/admin/publish-state'
import { formatTime, publishText } from './format'

const TONE = { done: 'positive', running: 'caution', failed: 'critical' } as const
const LABEL = { done: 'Live', running: 'Publishing…', failed: 'Failed' } as const

function Receipt(props: { receipt: PublishReceipt }) {
  const { receipt } = props
  return (
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
  )
}

export function ReceiptPanel(props: { publish: PublishState }) {
  const text = publishText(props.publish)
  return (
    <Card padding={3} radius={2} tone="transparent" border>
      <Stack space={3}>
        <Text as="h3" size={1} weight="semibold">
          Latest publish
        </Text>
        {text.note && (
          <Text size={1} muted data-testid="publish-note">
            {text.note}
          </Text>
        )}
        {text.earlier && (
          <Text size={1} weight="semibold">
            The last receipt, for an earlier version:
          </Text>
        )}
        {text.receipt && <Receipt receipt={text.receipt} />}
      </Stack>
    </Card>
  )
}
