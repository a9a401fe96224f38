import { expect } from '@open-wc/testing';
import { plainExcerpt } from './plain-excerpt.ts';

describe('plainExcerpt: the pinned bar names a message in plain words', () => {
  it('takes out formatting marks in pairs at word edges, and nothing else', () => {
    expect(plainExcerpt('The **agenda** is _short_ today:\n> item one\n> item two')).to.equal(
      'The agenda is short today: item one item two',
    );
    expect(plainExcerpt('Run `npm test` and ~skip~ nothing')).to.equal('Run npm test and skip nothing');
    expect(plainExcerpt('```\nconst x = 1;\n```')).to.equal('const x = 1;');
    expect(plainExcerpt('keep snake_case_name and 2*3*4 as typed')).to.equal('keep snake_case_name and 2*3*4 as typed');
    expect(plainExcerpt('<img src=x onerror=alert(1)>')).to.equal('<img src=x onerror=alert(1)>');
  });
});
