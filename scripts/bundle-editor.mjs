// Bundles the CodeMirror editor (static/editor/editor.js and the npm packages it
// imports) into one minified local script, target/editor/ordinal-editor.js, which
// index.html loads. Trunk runs this before every build (Trunk.toml, pre_build hook);
// it needs only ./node_modules (npm ci), never the network.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: ['static/editor/editor.js'],
  outfile: 'target/editor/ordinal-editor.js',
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});
