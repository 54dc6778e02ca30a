// The "Signups" document view on courses and campaigns: live numbers from the worker's staff API
// and the latest publish receipt, refreshed while the document is open.
import { RefreshIcon } from '@sanity/icons/Refresh'
import { Box, Button, Card, Flex, Spinner, Stack, Text } from '@sanity/ui'
import type { ComponentProps } from 'react'
import type { UserViewComponent } from 'sanity/structure'
import { staffSignInUrl } from '../../staff-api'
import { CampaignSignups } from './CampaignSignups'
import { CourseSignups } from './CourseSignups'
import { formatTime } from './format'
import { ReceiptPanel } from './ReceiptPanel'
import { publishedId, useStaffSummary } from './useStaffSummary'

type ViewProps = ComponentProps<UserViewComponent>

export function SignupsView(props: ViewProps) {
  const id = publishedId(props.documentId)
  const { state, refresh } = useStaffSummary(id)
  const signIn = staffSignInUrl()

  return (
    <Box padding={4} data-testid="staff-signups-view">
      <Stack space={4}>
        <Flex align="center" gap={3}>
          <Box flex={1}>
            <Text as="h2" size={2} weight="semibold">
              {props.schemaType.name === 'campaign' ? 'Petition signatures' : 'Registrations'}
            </Text>
          </Box>
          {state.status === 'ready' && (
            <Text size={1} muted>
              {`Updated ${formatTime(state.generatedAt)}`}
            </Text>
          )}
          <Button mode="ghost" icon={RefreshIcon} text="Refresh" onClick={refresh} />
        </Flex>

        {state.status === 'loading' && (
          <Flex align="center" gap={2}>
            <Spinner muted />
            <Text size={1} muted>
              Loading numbers from the staff API…
            </Text>
          </Flex>
        )}

        {state.status === 'error' && (
          <Card padding={3} radius={2} tone="critical" role="alert">
            <Stack space={3}>
              <Text size={1}>{state.message}</Text>
              {(state.httpStatus === 0 || state.httpStatus === 401) && signIn && (
                <Text size={1}>
                  <a href={signIn} target="_blank" rel="noreferrer">
                    Open the staff API to sign in
                  </a>
                </Text>
              )}
            </Stack>
          </Card>
        )}

        {state.status === 'missing' && (
          <Card padding={3} radius={2} tone="caution">
            <Text size={1}>
              Publish this document to start taking signups; numbers appear here once it is live.
            </Text>
          </Card>
        )}

        {state.status === 'ready' && state.summary.type === 'course' && (
          <CourseSignups courseId={id} summary={state.summary} />
        )}
        {state.status === 'ready' && state.summary.type === 'campaign' && (
          <CampaignSignups campaignId={id} summary={state.summary} />
        )}
        {state.status === 'ready' && <ReceiptPanel publish={state.summary.publish} />}
      </Stack>
    </Box>
  )
}
