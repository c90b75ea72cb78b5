// loopback.mjs - icebird reads tables over HTTP: serve a directory read-only
// (with range requests) on 127.0.0.1 and route the file:// locations that
// Iceberg metadata holds to that server. The server never leaves loopback.
import fs from 'fs'
import http from 'http'
import path from 'path'

export async function serveDirectory(dir) {
  const root = path.resolve(dir)
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname))
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end()
    const size = fs.statSync(file).size
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    const start = m ? Number(m[1]) : 0
    const end = m && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1
    res.writeHead(m ? 206 : 200, { 'content-length': end - start + 1, 'accept-ranges': 'bytes',
      ...(m ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) })
    if (req.method === 'HEAD') res.end()
    else fs.createReadStream(file, { start, end }).pipe(res)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const base = `http://127.0.0.1:${server.address().port}`
  const realFetch = globalThis.fetch
  globalThis.fetch = (url, init) => {
    const u = String(url)
    if (u.startsWith('file://')) return realFetch(base + '/' + path.relative(root, new URL(u).pathname), init)
    return realFetch(url, init)
  }
  // URL of a path under dir
  const urlOf = p => base + '/' + path.relative(root, path.resolve(root, p)).split(path.sep).map(encodeURIComponent).join('/')
  return { base, urlOf, close: () => server.close() }
}
