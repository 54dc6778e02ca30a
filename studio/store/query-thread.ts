// One query thread (query-threads.ts): a copy of the documents, loaded in chunks and kept current
// by the committed changes it is sent, and a QueryEngine answering queries over it.
import { parentPort, workerData } from 'node:worker_threads'
import { QueryEngine, type QueryInput } from './query'
import type { FromThread, ThreadStart, ToThread } from './query-threads'
import { StoreError, type SanityDoc } from './types'

const start = workerData as ThreadStart
const docs = new Map<string, SanityDoc>()
let revision = start.revision
const engine = new QueryEngine(() => ({ docs, revision }), start.sanity)

const send = (message: FromThread) => parentPort?.postMessage(message)

async function answer(id: number, input: QueryInput): Promise<void> {
  try {
    send({ kind: 'answer', id, json: await engine.run(input) })
  } catch (error) {
    if (error instanceof StoreError) {
      send({ kind: 'error', id, status: error.status, body: error.body })
    } else send({ kind: 'error', id, status: 500, body: { description: String(error) } })
  }
}

parentPort?.on('message', (message: ToThread) => {
  switch (message.kind) {
    case 'load':
      for (const doc of JSON.parse(message.json) as SanityDoc[]) docs.set(doc._id, doc)
      if (message.last) {
        // The published view and its reverse references are what the site's queries read: build
        // them now rather than in the first visitor's query.
        engine.view(['published']).referencing('')
        send({ kind: 'ready' })
      }
      return
    case 'changes':
      for (const [id, doc] of message.changes) {
        if (doc) docs.set(id, doc)
        else docs.delete(id)
      }
      revision = message.revision
      engine.changed(message.changes.map(([id]) => id))
      return
    case 'query':
      void answer(message.id, message.input)
  }
})
