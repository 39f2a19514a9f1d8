import { describe, expect, it } from 'vitest';
import { splitShellWords } from './shell-words';

describe('splitShellWords', () => {
  it.each([
    ['npm run dev', ['npm', 'run', 'dev']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`sh -c 'echo "hi there"; exit 1'`, ['sh', '-c', 'echo "hi there"; exit 1']],
    [`echo "a \\"quoted\\" word"`, ['echo', 'a "quoted" word']],
    [`echo a\\ b`, ['echo', 'a b']],
    [`echo ''`, ['echo', '']],
    [`echo $HOME`, ['echo', '$HOME']],
  ])('%s', (input, words) => expect(splitShellWords(input)).toEqual({ words }));

  it('reports an unclosed quote', () => expect(splitShellWords(`echo 'oops`).error).toBe("unclosed ' quote"));
});
