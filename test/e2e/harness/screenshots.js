// Screenshots per scenario + one HTML gallery for people to review (test-results/e2e/index.html).
// Each scenario folder keeps a shots.json manifest, so the gallery can list shots taken by different runners/processes.
'use strict';
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./codeServer');

const DEFAULT_ROOT = process.env.E2E_RESULTS_DIR || path.join(ROOT, 'test-results/e2e');
const slug = (s) =>
  String(s)
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'shot';
const html = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

class Shots {
  /** scenario: folder name under root; the folder is emptied first (a re-run replaces its old shots). */
  constructor(scenario, { root = DEFAULT_ROOT, clean = true } = {}) {
    this.scenario = slug(scenario);
    this.root = root;
    this.dir = path.join(root, this.scenario);
    if (clean) fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.manifest = path.join(this.dir, 'shots.json');
    this.entries = !clean && fs.existsSync(this.manifest) ? JSON.parse(fs.readFileSync(this.manifest, 'utf8')) : [];
  }

  /** Save <root>/<scenario>/<NN>-<name>.png of the page's viewport; returns the file path. */
  async shot(page, name, caption = name) {
    const file = `${String(this.entries.length + 1).padStart(2, '0')}-${slug(name)}.png`;
    await page.screenshot({ path: path.join(this.dir, file) });
    this.entries.push({ file, name, caption, at: new Date().toISOString() });
    fs.writeFileSync(this.manifest, JSON.stringify(this.entries, null, 1));
    return path.join(this.dir, file);
  }

  writeGallery() {
    return writeGallery(this.root);
  }
}

/** Write <root>/index.html listing every scenario's screenshots (relative links); returns its path. */
function writeGallery(root = DEFAULT_ROOT) {
  fs.mkdirSync(root, { recursive: true });
  const scenarios = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  let body = '';
  for (const sc of scenarios) {
    const mf = path.join(root, sc, 'shots.json');
    const entries = fs.existsSync(mf)
      ? JSON.parse(fs.readFileSync(mf, 'utf8'))
      : fs
          .readdirSync(path.join(root, sc))
          .filter((f) => f.endsWith('.png'))
          .sort()
          .map((file) => ({ file, caption: file }));
    if (!entries.length) continue;
    body += `<section><h2>${html(sc)}</h2>\n`;
    for (const e of entries) {
      const rel = `${encodeURIComponent(sc)}/${encodeURIComponent(e.file)}`;
      body += `<figure><a href="${rel}"><img src="${rel}" loading="lazy" alt="${html(e.caption)}"></a><figcaption>${html(e.file)} — ${html(e.caption)}</figcaption></figure>\n`;
    }
    body += '</section>\n';
  }
  const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SpecFlow E2E screenshots</title>
<style>body{font-family:sans-serif;margin:1em}figure{display:inline-block;margin:.5em;vertical-align:top}
img{width:460px;border:1px solid #888}figcaption{font-size:.85em;max-width:460px}</style></head>
<body><h1>SpecFlow E2E screenshots</h1><p>Generated ${html(new Date().toISOString())}</p>
${body || '<p>No screenshots.</p>'}</body></html>
`;
  const out = path.join(root, 'index.html');
  fs.writeFileSync(out, page);
  return out;
}

module.exports = { Shots, writeGallery, DEFAULT_ROOT };
