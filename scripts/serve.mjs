// Static server for the dashboard, on 127.0.0.1 only. No bundler: it maps URL prefixes to folders.
//   /            -> www/          (the dashboard)
//   /pkg/        -> pkg/          (wasm-bindgen output)
//   /vendor/uplot/ -> node_modules/uplot/dist/  (charting library, served locally: works offline)
//   /vendor/papaparse.mjs -> node_modules/papaparse/papaparse.min.js as an ES module (CSV parser
//                    of the worker; the npm file is UMD, so it is wrapped: it sees a CommonJS
//                    `module` and exports through it)
// Usage: node scripts/serve.mjs [port]   (port 0 picks a free one; the chosen URL is printed)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const mounts = [
  ['/pkg/', join(root, 'pkg')],
  ['/vendor/uplot/', join(root, 'node_modules', 'uplot', 'dist')],
  ['/', join(root, 'www')],
];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file inside one of the mounts, refusing anything that escapes it. */
function locate(urlPath, mounts) {
  const path = decodeURIComponent(urlPath.split('?')[0]);
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    return file;
  }
  return null;
}

/** Files made at request time from an npm package: URL path → () => [content type, body]. */
const generated = {
  '/vendor/papaparse.mjs': async () => {
    const src = await readFile(join(root, 'node_modules', 'papaparse', 'papaparse.min.js'), 'utf8');
    return `const module = { exports: {} };\nconst exports = module.exports;\n${src}\nexport default module.exports;\n`;
  },
};

/** Serves the dashboard on 127.0.0.1:`port`, or other folders (`folders`: `[[urlPrefix, absoluteDir], ...]`). */
export function serve(port = 8080, folders = mounts) {
  const server = createServer(async (req, res) => {
    try {
      const make = folders === mounts ? generated[req.url.split('?')[0]] : undefined;
      if (make) {
        const body = await make();
        res.writeHead(200, { 'content-type': types['.js'], 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
      let file = locate(req.url, folders);
      if (!file) throw Object.assign(new Error('forbidden'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const server = await serve(port);
  console.log(`edgewise dashboard: http://127.0.0.1:${server.address().port}/`);
}
