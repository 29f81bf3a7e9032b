#!/usr/bin/env node
// Turns the release build in dist/ into one self-contained HTML file that works when
// opened straight from disk (file://), with no network and no other file: the
// instructor's copy for a USB stick. The wasm-bindgen JS and the wasm (base64) go into
// one inline module script that instantiates the wasm from those bytes, since a page
// opened from file:// may not fetch files beside it; stylesheets, scripts and icons
// are inlined too. It refuses to write a file that still refers to another file.
//
// Usage: node scripts/single-file.mjs [dist-dir] [output.html]
//        (defaults: dist, dist-single/ordinal.html)
import fs from 'node:fs';
import path from 'node:path';

const MIME = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

/** A path inside `dist` for a relative URL of the page (`./x.css`), or null. */
function local(dist, url) {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#')) {
    return null;
  }
  const clean = decodeURIComponent(url.split(/[?#]/)[0]);
  const file = path.resolve(dist, clean.replace(/^\//, ''));
  if (!file.startsWith(path.resolve(dist) + path.sep)) fail(`${url} points outside ${dist}`);
  if (!fs.existsSync(file)) fail(`${url} is referenced but ${file} does not exist`);
  return file;
}

function dataUrl(file) {
  const mime = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
  return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`;
}

/** Text made safe inside <script>: no `</script` or `<!--` can end or confuse it. */
function scriptText(text) {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS with its relative url(...) references turned into data: URLs. */
function inlineCss(dist, cssFile) {
  const css = fs.readFileSync(cssFile, 'utf8');
  const base = path.dirname(cssFile);
  return css
    .replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote, url) => {
      if (/^(data:|[a-z][a-z0-9+.-]*:|#)/i.test(url)) return whole;
      const file = local(base, url) && path.resolve(base, url.split(/[?#]/)[0]);
      if (!file.startsWith(path.resolve(dist))) fail(`${url} in ${cssFile} points outside ${dist}`);
      return `url("${dataUrl(file)}")`;
    })
    .replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The wasm-bindgen module as a statement that defines `bindings`: its `export`
 * statements removed and its exported names returned, so it can live in the page.
 */
function bindingsModule(js) {
  const names = [];
  let body = js.replace(/^export\s+(async\s+function|function|class|const|let)\s+([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
    names.push([name, name]);
    return `${kind} ${name}`;
  });
  body = body.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, exported] = item.split(/\s+as\s+/).map((s) => s.trim());
      names.push([exported || local, local]);
    }
    return '';
  });
  if (/^\s*(import|export)\s/m.test(body)) fail('the wasm-bindgen JS has imports or exports this tool does not know');
  const init = names.find(([exported]) => exported === 'default');
  if (!init) fail('the wasm-bindgen JS has no default export (its init function)');
  const table = names.map(([exported, localName]) => `${JSON.stringify(exported)}: ${localName}`).join(', ');
  // Its own scope, so its top-level names (`wasm`, ...) cannot meet the loader's.
  return `const bindings = (() => {\n${body}\nreturn { ${table} };\n})();`;
}

function main() {
  const dist = path.resolve(process.argv[2] || 'dist');
  const output = path.resolve(process.argv[3] || 'dist-single/ordinal.html');
  const indexFile = path.join(dist, 'index.html');
  if (!fs.existsSync(indexFile)) fail(`${indexFile} not found: build the site first (scripts/build.sh)`);
  let html = fs.readFileSync(indexFile, 'utf8');

  // Trunk's loader: `import init, * as bindings from './x.js'; ... init({ module_or_path: './x_bg.wasm' })`.
  const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (!loader) fail('no <script type="module"> loader in index.html');
  const jsUrl = loader[1].match(/from\s+['"]([^'"]+\.js)['"]/);
  const wasmUrl = loader[1].match(/module_or_path:\s*['"]([^'"]+\.wasm)['"]/);
  if (!jsUrl || !wasmUrl) fail('the loader does not name the wasm-bindgen JS and the wasm');
  const bindings = bindingsModule(fs.readFileSync(local(dist, jsUrl[1]), 'utf8'));
  const wasm = fs.readFileSync(local(dist, wasmUrl[1])).toString('base64');
  const rest = loader[1]
    .replace(/^\s*import[^\n]*\n/m, '')
    .replace(/const wasm = await init\([^\n]*\);/, '');
  const inlineLoader = [
    '<script type="module">',
    scriptText(bindings),
    `const wasmBytes = Uint8Array.from(atob(${JSON.stringify(wasm)}), (c) => c.charCodeAt(0));`,
    'const wasm = await bindings.default({ module_or_path: wasmBytes });',
    scriptText(rest),
    '</script>',
  ].join('\n');
  html = html.replace(loader[0], () => inlineLoader);

  // Preload hints name files that are now inline.
  html = html.replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/g, '');
  // Stylesheets become <style>, icons and other links data: URLs.
  html = html.replace(/<link\b([^>]*)>/g, (tag, attrs) => {
    const href = attrs.match(/\bhref="([^"]+)"/);
    const file = href && local(dist, href[1]);
    if (!file) return tag;
    if (/\brel="stylesheet"/.test(attrs)) return `<style>\n${inlineCss(dist, file)}\n</style>`;
    return tag.replace(href[0], `href="${dataUrl(file)}"`).replace(/\s*integrity="[^"]*"/, '');
  });
  // Classic and module scripts with a src become inline scripts. An inline script
  // ignores `defer`, so a deferred one moves to the end of <body>, where it still runs
  // after the document is parsed.
  const deferred = [];
  html = html.replace(/<script\b([^>]*)\bsrc="([^"]+)"([^>]*)><\/script>/g, (tag, before, src, after) => {
    const file = local(dist, src);
    if (!file) return tag;
    const attrs = `${before}${after}`;
    const inline = `<script${attrs.replace(/\s*(integrity|crossorigin|defer|async)(="[^"]*")?/g, '')}>\n${scriptText(fs.readFileSync(file, 'utf8'))}\n</script>`;
    if (/\bdefer\b/.test(attrs) && !/type="module"/.test(attrs)) {
      deferred.push(inline);
      return '';
    }
    return inline;
  });
  if (deferred.length > 0) {
    if (!html.includes('</body>')) fail('a deferred script but no </body> to put it before');
    html = html.replace('</body>', () => `${deferred.join('\n')}\n</body>`);
  }
  html = html.replace(/<img\b([^>]*)\bsrc="([^"]+)"/g, (tag, before, src) => {
    const file = local(dist, src);
    return file ? `<img${before}src="${dataUrl(file)}"` : tag;
  });

  // Anything still pointing at a file beside the page would break from file://.
  const leftovers = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1])
    .filter((url) => !/^(data:|https?:|mailto:|#)/i.test(url));
  if (leftovers.length > 0) fail(`still refers to other files: ${leftovers.join(', ')}`);

  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, html);
  const kib = (fs.statSync(output).size / 1024).toFixed(0);
  console.log(`single-file: ${path.relative(process.cwd(), output)} (${kib} KiB), open it from disk or any host`);
}

main();
