import assert from 'node:assert/strict';
import { pathsIn, pathsOverlap, taskPaths } from '../../../src/core/tasks/taskPaths';

describe('taskPaths: the files a task names', () => {
  const cases: [string, string[]][] = [
    ['T012 [P] [US1] Create User model in src/models/user.py', ['src/models/user.py']],
    ['Contract test in tests/contract/test_users.py, then tests/x_test.py.', ['tests/contract/test_users.py', 'tests/x_test.py']],
    ['Edit `src/app.ts` and `package.json` and `.env`, not `npm test` or `UserService`', ['src/app.ts', 'package.json', '.env']],
    ['Update package.json and README.md; bump Cargo.toml, User.cs', ['package.json', 'readme.md', 'cargo.toml', 'user.cs']],
    ['Use Node.js and Vue.js, Socket.io with ASP.NET, e.g. v1.2 or 3.14, and/or client/server', []],
    ['Scaffold src/models/ and (./lib/util.ts)', ['src/models/', 'lib/util.ts']],
    ['Fix src\\Win\\Path.cs and src/a.ts:42 and src/b.ts#L10-L20', ['src/win/path.cs', 'src/a.ts', 'src/b.ts']],
    ['Route app/(auth)/page.tsx, docs/api/v2 and see https://example.com/a/b.html', ['app/(auth)/page.tsx', 'docs/api/v2']],
    ['See [the guide](docs/guide.md) and **src/x.ts**', ['docs/guide.md', 'src/x.ts']],
    ['Nothing here at all', []],
  ];
  for (const [text, paths] of cases) {
    it(`finds ${paths.length === 0 ? 'nothing' : paths.join(', ')} in "${text}"`, () => assert.deepEqual(pathsIn(text), paths));
  }

  it('reads the text, the steps and the detail lines, each path once', () => {
    const paths = taskPaths({ text: 'Edit src/a.ts', steps: [{ text: 'also src/A.ts and b.json' }], context: ['_Files: c/d.py_'] });
    assert.deepEqual(paths, ['src/a.ts', 'b.json', 'c/d.py']);
  });

  it('treats a directory as overlapping what is under it, and nothing else', () => {
    assert.equal(pathsOverlap('src/models/', 'src/models/user.ts'), true);
    assert.equal(pathsOverlap('src/models/user.ts', 'src/models/'), true);
    assert.equal(pathsOverlap('src/models/user.ts', 'src/models/user.ts'), true);
    assert.equal(pathsOverlap('src/models/', 'src/modelsx/a.ts'), false);
    assert.equal(pathsOverlap('src/a.ts', 'src/b.ts'), false);
  });
});
