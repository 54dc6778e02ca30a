// The store's TLS certificate: self-signed for localhost, *.localhost and <projectId>.localhost,
// generated on first start and kept in the data dir so the browser's one-time acceptance lasts
// (store:reset keeps it too).
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from 'selfsigned'

export type TlsFiles = { key: string; cert: string; certPath: string }

export async function loadOrCreateCertificate(
  dataDir: string,
  projectId: string,
): Promise<TlsFiles> {
  const dir = join(dataDir, 'tls')
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  const projectHost = `${projectId}.localhost`
  if (existsSync(keyPath) && existsSync(certPath)) {
    const key = readFileSync(keyPath, 'utf8')
    const cert = readFileSync(certPath, 'utf8')
    const x509 = new X509Certificate(cert)
    const fresh = new Date(x509.validTo).getTime() > Date.now() + 24 * 3600 * 1000
    if (fresh && x509.checkHost(projectHost)) return { key, cert, certPath }
  }
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000)
  const notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000)
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          // Browsers do not honour a wildcard directly under a TLD everywhere: name the
          // Studio's project host explicitly as well.
          { type: 2, value: projectHost },
          { type: 2, value: '*.localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  })
  mkdirSync(dir, { recursive: true })
  writeFileSync(keyPath, pems.private, { mode: 0o600 })
  writeFileSync(certPath, pems.cert)
  return { key: pems.private, cert: pems.cert, certPath }
}
