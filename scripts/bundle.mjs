// Bundles the compiled app (dist/src/main.js and everything it imports, Bolt, zod and drizzle
// included) into one file, dist/src/main.bundle.js, which `npm start` and the image run. Measured
// with `npm run bench` (start-up to a healthy /healthz, idle RSS), most of start-up was Node
// resolving and reading several hundred module files; one file loads in a fraction of that.
// It sits beside main.js so paths found from the module's own location still hold (migrations/ two
// folders up, the playground's files next to it). Left outside: the native modules, pino (its
// transports load files by path), and the playground, which is loaded only when it runs.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/src/main.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.12',
  external: ['better-sqlite3', '@resvg/resvg-js', 'pino', 'pino-pretty', './playground/run.js'],
  // CommonJS packages inside an ES module bundle still call require().
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
