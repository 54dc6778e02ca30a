// Petition numbers for a campaign: confirmed and pending signatures, signatures gathered offline,
// the total the public page shows and the milestones reached, with a CSV of signatories.
import { DownloadIcon } from '@sanity/icons/Download'
import { Badge, Button, Card, Flex, Grid, Stack, Text } from '@sanity/ui'
import { useState } from 'react'
import { downloadExport, type DocumentSummary } from '../../staff-api'

type CampaignSummary = Extract<DocumentSummary, { type: 'campaign' }>

function Stat(props: { label: string; value: string; testId: string }) {
  return (
    <Card padding={3} radius={2} border>
      <Stack space={2}>
        <Text size={1} muted>
          {props.label}
        </Text>
        <Text size={3} weight="semibold" data-testid={props.testId}>
          {props.value}
        </Text>
      </Stack>
    </Card>
  )
}

export function CampaignSignups(props: { campaignId: string; summary: CampaignSummary }) {
  const { counts } = props.summary
  const [error, setError] = useState<string | null>(null)
  const nf = new Intl.NumberFormat('en-GB')
  const download = () => {
    setError(null)
    downloadExport(
      `/campaigns/${encodeURIComponent(props.campaignId)}/export.csv`,
      'signatures.csv',
    ).catch((err: unknown) => setError(err instanceof Error ? err.message : 'The export failed.'))
  }
  return (
    <Stack space={3}>
      <Grid columns={[2, 2, 4]} gap={2}>
        <Stat
          label="Confirmed signatures"
          value={nf.format(counts.confirmed)}
          testId="staff-confirmed"
        />
        <Stat
          label="Waiting for email confirmation"
          value={nf.format(counts.pending)}
          testId="staff-pending"
        />
        <Stat label="Gathered offline" value={nf.format(counts.offline)} testId="staff-offline" />
        <Stat
          label={counts.goal ? `Total (goal ${nf.format(counts.goal)})` : 'Total shown on the site'}
          value={nf.format(counts.total)}
          testId="staff-total"
        />
      </Grid>
      {counts.milestones.length > 0 && (
        <Flex gap={2} wrap="wrap" align="center">
          <Text size={1}>Milestones:</Text>
          {counts.milestones.map((m) => (
            <Badge key={m} tone={counts.milestonesReached.includes(m) ? 'positive' : 'default'}>
              {`${nf.format(m)}${counts.milestonesReached.includes(m) ? ' ✓ reached' : ''}`}
            </Badge>
          ))}
        </Flex>
      )}
      <Flex>
        <Button
          mode="ghost"
          icon={DownloadIcon}
          text="Download signatories (CSV)"
          onClick={download}
        />
      </Flex>
      {error && (
        <Card padding={3} tone="critical" radius={2}>
          <Text size={1}>{error}</Text>
        </Card>
      )}
    </Stack>
  )
}
