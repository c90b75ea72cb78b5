// fsfetch.mjs - icebird reads tables through fetch(). Rather than run an HTTP
// server (whose idle keep-alive sockets raced with a busy test process and
// failed the SF 1 check on slower machines), fetch() is answered in-process
// from the file system: URLs under a private base name and the file://
// locations that Iceberg metadata holds are read from disk, with HEAD and
// byte-range requests, read-only and confined to one directory. No socket is
// opened; every other URL goes to the real fetch.
import fs from 'fs'
import path from 'path'

const BASE = 'http://tpch-files.invalid'

function answer(file, init) {
  let st
  try { st = fs.statSync(file) } catch { return new Response(null, { status: 404 }) }
  if (!st.isFile()) return new Response(null, { status: 404 })
  const size = st.size
  const headers = new Headers(init?.headers ?? {})
  const m = /^bytes=(\d+)-(\d*)$/.exec(headers.get('range') ?? '')
  const start = m ? Number(m[1]) : 0
  const end = m && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1
  const out = { 'content-length': String(Math.max(0, end - start + 1)), 'accept-ranges': 'bytes' }
  if (m) out['content-range'] = `bytes ${start}-${end}/${size}`
  const status = m ? 206 : 200
  if ((init?.method ?? 'GET').toUpperCase() === 'HEAD') return new Response(null, { status, headers: out })
  const body = Buffer.alloc(Math.max(0, end - start + 1))
  const fd = fs.openSync(file, 'r')
  try {
    let done = 0
    while (done < body.length) {
      const n = fs.readSync(fd, body, done, body.length - done, start + done)
      if (n === 0) break
      done += n
    }
  } finally { fs.closeSync(fd) }
  return new Response(body, { status, headers: out })
}

// Same interface as the loopback server it replaces: urlOf(p) names a path
// under dir, close() restores the real fetch.
export async function serveDirectory(dir) {
  const root = path.resolve(dir)
  const realFetch = globalThis.fetch
  const inside = file => file === root || file.startsWith(root + path.sep)
  globalThis.fetch = async (url, init) => {
    const u = String(url instanceof Request ? url.url : url)
    let file = null
    if (u.startsWith(BASE + '/')) file = path.join(root, decodeURIComponent(new URL(u).pathname))
    else if (u.startsWith('file://')) file = path.resolve(new URL(u).pathname)
    if (file === null) return realFetch(url, init)
    if (!inside(file)) return new Response(null, { status: 404 })
    return answer(file, init)
  }
  const urlOf = p => BASE + '/' + path.relative(root, path.resolve(root, p)).split(path.sep).map(encodeURIComponent).join('/')
  return { base: BASE, urlOf, close: () => { globalThis.fetch = realFetch } }
}
