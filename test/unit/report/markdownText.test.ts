import assert from 'node:assert/strict';
import { code, md, row } from '../../../src/core/report/markdownText';

describe('Markdown text helpers', () => {
  it('md: prose shows as written (emphasis, links, HTML, entities, headings are escaped), on one line', () => {
    assert.equal(md('*draft* _x_ [link](y) <b> a|b ~z~ `c`'), '\\*draft\\* \\_x\\_ \\[link\\](y) \\<b> a\\|b \\~z\\~ \\`c\\`');
    assert.equal(md('# not a heading'), '\\# not a heading');
    assert.equal(md('> not a quote, 2 > 1'), '\\> not a quote, 2 > 1');
    assert.equal(md('issue #12 & more, &copy; kept'), 'issue #12 & more, &amp;copy; kept');
    assert.equal(md('two\nlines', 300), 'two lines');
    assert.equal(md('x'.repeat(50), 10), 'xxxxxxxxx…');
  });

  it('code: a span that backticks inside cannot close', () => {
    assert.equal(code('npm test'), '`npm test`');
    assert.equal(code('a `b` c'), '``a `b` c``');
    assert.equal(code('`edge`'), '`` `edge` ``');
  });

  it('row: a | in a cell never splits it, even inside a code span', () => {
    assert.equal(row(['`a|b`', 'c\\|d']), '| `a\\|b` | c\\|d |');
  });
});
