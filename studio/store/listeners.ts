// Transport: plain HTTP/1.1 for the worker (workerd refuses self-signed certificates) and HTTP/2
// over TLS (HTTP/1.1 allowed) for browsers, which hold more live listen streams on one origin
// than HTTP/1.1 allows.
import { createServer, type Server } from 'node:http'
import { createSecureServer, type Http2SecureServer } from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import type { In, Out } from './http'
import { loadOrCreateCertificate } from './tls'

export type Listeners = {
  httpUrl: string
  httpsUrl?: string
  studioUrl?: string
  certificatePath?: string
  close(): Promise<void>
}

type Handler = (req: In, res: Out, secure: boolean) => void

export async function openListeners(opts: {
  host: string
  httpPort: number
  httpsPort: number | undefined
  dataDir: string
  projectId: string
  handler: Handler
}): Promise<Listeners> {
  // Servers wait for open connections (live listen streams) on close: track and end them.
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const servers: (Server | Http2SecureServer)[] = []
  const closeAll = async () => {
    for (const socket of sockets) socket.destroy()
    await Promise.all(servers.map(close))
  }
  try {
    const httpServer = createServer((req, res) => opts.handler(req, res, false))
    httpServer.on('connection', track)
    servers.push(httpServer)
    const httpPort = await listen(httpServer, opts.httpPort, opts.host)
    const result: Listeners = { httpUrl: `http://${opts.host}:${httpPort}`, close: closeAll }
    if (opts.httpsPort === undefined) return result
    const tls = await loadOrCreateCertificate(opts.dataDir, opts.projectId)
    const httpsServer = createSecureServer(
      { key: tls.key, cert: tls.cert, allowHTTP1: true },
      (req, res) => opts.handler(req, res, true),
    )
    httpsServer.on('secureConnection', track)
    servers.push(httpsServer)
    const port = await listen(httpsServer, opts.httpsPort, opts.host)
    return {
      ...result,
      httpsUrl: `https://localhost:${port}`,
      studioUrl: `https://${opts.projectId}.localhost:${port}/`,
      certificatePath: tls.certPath,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function close(server: Server | Http2SecureServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
  })
}
