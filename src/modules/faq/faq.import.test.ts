import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaqImportError, importFaqSeed, type ImportedFaq, type ImportedQuestion } from './faq.import.js';

const seed = readFileSync(new URL('../../../content/faq-seed.md', import.meta.url), 'utf8');

function questionsOf(faq: ImportedFaq): ImportedQuestion[] {
  return faq.sections.flatMap((section) => section.questions);
}

function questionAt(faq: ImportedFaq, anchor: string): ImportedQuestion {
  const question = questionsOf(faq).find((candidate) => candidate.anchor === anchor);
  if (!question) throw new Error(`no question with anchor "${anchor}"`);
  return question;
}

function allMarkdown(faq: ImportedFaq): string {
  return [faq.introMarkdown, ...questionsOf(faq).map((question) => question.answerMarkdown)].join('\n');
}

/** One question laid out the way the seed does it: rule, anchor, spacers, bold heading, back-to-top link. */
function questionBlock(anchor: string, question: string, answer: string): string {
  const heading = [`<br/>`, '________', `<a id="${anchor}"></a>`, '<br/>', '', `### **${question}**`, ''];
  return [...heading, answer, '', '[**Back to the top**](#top)'].join('\n');
}

function faqSource(options: {
  index: Record<string, [question: string, anchor: string][]>;
  blocks: string[];
}): string {
  const index = Object.entries(options.index).flatMap(([title, links]) => [
    `**${title}:**<br/>`,
    '',
    ...links.map(([question, anchor]) => `- [${question}](#${anchor})`),
    '',
  ]);
  return ['---', 'title: Test FAQ', '---', '<a id="top"></a>', '', '# Test FAQ', '', 'Intro.', '<br/>']
    .concat(index, options.blocks)
    .join('\n');
}

/** A two-question FAQ whose only varying content is the answer to question "one". */
function faqWithAnswer(answer: string): string {
  return faqSource({
    index: {
      Questions: [
        ['First?', 'one'],
        ['Second?', 'two'],
      ],
    },
    blocks: [questionBlock('one', 'First?', answer), questionBlock('two', 'Second?', 'Plain answer.')],
  });
}

describe('importFaqSeed on the real seed', () => {
  const { faq, repairs } = importFaqSeed(seed);

  it('takes sections, their order and anchors from the index', () => {
    expect(faq.title).toBe('Regional Partner FAQs');
    expect(
      faq.sections.map((section) => ({
        title: section.title,
        anchors: section.questions.map((question) => question.anchor),
      })),
    ).toEqual([
      { title: 'General questions', anchors: ['map', 'pm', 'press', 'cs', 'joint', 'international'] },
      { title: 'Questions about in-person workshops', anchors: ['facilitators', 'recruit', 'ca'] },
    ]);
  });

  it('reports exactly these repairs', () => {
    const pmLink = (rel: string, target: string) =>
      `<a href="https://docs.google.com/document/d/1RTNpMGhGRdeeqB47vmEOw6xBy-UOFMigqt-pGKRHrZI/view" ${target}${rel}>`;
    const caLink = (rel: string, target: string) =>
      `<a href="https://docs.google.com/document/d/1cRCVJSqDT3VLA5u17osE914WYTtIijxyKx5Z_uSYe3Y/edit?usp=sharing" ${target}${rel}>`;
    const secured = ' rel="noopener noreferrer"';
    expect(repairs).toEqual([
      'fixed e-mail address used as a relative link in intro: "partner@code.org" → "mailto:partner@code.org"',
      'index link "#cs" had no target: moved the anchor of "If we become a Regional Partner can we run other CS ' +
        'education workshops in addition to the Code.org programs?" from "facilitators" to "cs"',
      'anchor "facilitators" was declared on 2 questions: "Does my organization need to provide facilitators for ' +
        'the programs?" keeps it; re-anchored the rest to "cs"',
      'repaired mis-decoded text in question "pm": "FTEâ€™s" → "FTE’s"',
      'secured target="_blank" link in question "pm" (rel lacked noopener and noreferrer; attributes were unquoted): ' +
        `${pmLink('', 'target=_blank')} → ${pmLink(secured, 'target="_blank"')}`,
      'removed invalid </br> tag (layout only) in question "press"',
      'secured target="_blank" link in question "ca" (rel lacked noopener and noreferrer; attributes were unquoted): ' +
        `${caLink('', 'target=_blank')} → ${caLink(secured, 'target="_blank"')}`,
    ]);
  });

  it('repairs the mis-decoded apostrophe and keeps the surrounding wording', () => {
    const pm = questionAt(faq, 'pm').answerMarkdown;
    expect(pm).toContain('FTE’s time');
    expect(pm).toContain('0.5 of an FTE');
    expect(JSON.stringify(faq)).not.toContain('â€');
  });

  it('points the "#cs" index link at the question it names', () => {
    expect(questionAt(faq, 'cs').question).toContain('other CS education workshops');
  });

  it('leaves no anchor repeated and gives "facilitators" to the facilitators question', () => {
    const anchors = questionsOf(faq).map((question) => question.anchor);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(questionAt(faq, 'facilitators').question).toBe(
      'Does my organization need to provide facilitators for the programs?',
    );
  });

  it('turns the e-mail address in the intro into a mailto link', () => {
    expect(faq.introMarkdown).toBe(
      'Still have questions? See below for answers to commonly asked questions or email ' +
        '[partner@code.org](mailto:partner@code.org).',
    );
  });

  it('gives every target="_blank" link rel="noopener noreferrer" and quotes the target', () => {
    const markdown = allMarkdown(faq);
    const blankTargetTags = markdown.match(/<a\s[^>]*target\s*=[^>]*>/g) ?? [];
    expect(blankTargetTags).toHaveLength(2);
    for (const tag of blankTargetTags) expect(tag).toContain('target="_blank" rel="noopener noreferrer"');
    expect(markdown).not.toMatch(/target\s*=\s*(?!")/);
  });

  it('leaves no invalid </br> tag', () => {
    expect(JSON.stringify(faq)).not.toContain('</br>');
  });

  it('keeps only the answer text, with the author’s wording and typos', () => {
    for (const question of questionsOf(faq)) {
      expect(question.answerMarkdown).not.toMatch(/Back to the top|<a id=|###|^_{3,}$|^<br|<br\/?>$/m);
      expect(question.answerMarkdown).toBe(question.answerMarkdown.trim());
    }
    expect(questionAt(faq, 'press').answerMarkdown).toBe(
      'Of course! Anyone accepted to be a partner can publish a press release. We ask that your organization ' +
        'take the lead on the content and that Code.org is provided the opportunity to review it prior to print.',
    );
    expect(questionAt(faq, 'cs').answerMarkdown).toContain('workshosp');
    expect(questionAt(faq, 'map').question).toContain('can I stil apply');
  });

  it('uses plain, whitespace-collapsed heading text as the question', () => {
    expect(questionAt(faq, 'recruit').question).toBe(
      'Can I recruit teachers from local districts to become a part of the 2017-18 professional learning ' +
        'programs in my area?',
    );
  });
});

describe('mis-decoded text', () => {
  it.each([
    ['â€œquotedâ€\u009d', '“quoted”'],
    ['â€¦', '…'],
    ['10â‚¬', '10€'],
    ['Ã\u00a0 la carte', 'à la carte'],
    ['Ã…ngstrÃ¶m', 'Ångström'],
    ['Ã\u0081lvaro', 'Álvaro'],
    ['ä¸\u00adæ–‡', '中文'],
    ['ðŸ˜€', '😀'],
    ['FTEÃ¢â‚¬â„¢s', 'FTE’s'],
    ['cafÃ©â€”', 'café—'],
  ])('reverses %j to %j', (misdecoded, original) => {
    const { faq, repairs } = importFaqSeed(faqWithAnswer(`Say ${misdecoded} here.`));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(`Say ${original} here.`);
    expect(repairs.length).toBeGreaterThan(0);
    expect(repairs.every((line) => line.startsWith('repaired mis-decoded text in question "one": '))).toBe(
      true,
    );
  });

  it('maps every byte 0x80–0xBF back through the full cp1252 table', () => {
    // "â€" + the cp1252 rendering of byte 0x80 + i is the mis-decoded form of U+2000 + i.
    const cp1252Renderings = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const latin1Renderings = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');
    const misdecoded = Array.from(cp1252Renderings + latin1Renderings, (char) => `â€${char}`);
    const expected = misdecoded.map((_, i) => String.fromCharCode(0x2000 + i));
    const { faq, repairs } = importFaqSeed(faqWithAnswer(misdecoded.join(' ')));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(expected.join(' '));
    expect(repairs).toHaveLength(0x40);
  });

  it('leaves correct non-ASCII text alone', () => {
    const text = 'café — naïve, café—naïve, “quoted” – Ångström, 2017–18, © ½ ß';
    const { faq, repairs } = importFaqSeed(faqWithAnswer(text));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(text);
    expect(repairs).toEqual([]);
  });

  it('repairs question headings and matches them to the index despite the damage', () => {
    const source = faqSource({
      index: { Questions: [['Is it the team’s?', 'team']] },
      blocks: [questionBlock('team', 'Is it the teamâ€™s?', 'Yes.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(questionAt(faq, 'team').question).toBe('Is it the team’s?');
    expect(repairs).toEqual([
      'repaired mis-decoded text in question "team" heading: "teamâ€™s?" → "team’s?"',
    ]);
  });
});

describe('anchors', () => {
  it('gives an index link without a target to the question it names', () => {
    const source = faqSource({
      index: {
        Questions: [
          ['First?', 'one'],
          ['Second?', 'two'],
        ],
      },
      blocks: [questionBlock('one', 'First?', 'A.'), questionBlock('second', 'Second?', 'B.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(questionAt(faq, 'two').question).toBe('Second?');
    expect(repairs).toEqual([
      'index link "#two" had no target: moved the anchor of "Second?" from "second" to "two"',
    ]);
  });

  it('follows the index when its links point at the wrong questions', () => {
    const source = faqSource({
      index: {
        Questions: [
          ['First?', 'one'],
          ['Second?', 'two'],
        ],
      },
      blocks: [questionBlock('two', 'First?', 'A.'), questionBlock('one', 'Second?', 'B.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(questionAt(faq, 'one').question).toBe('First?');
    expect(questionAt(faq, 'two').question).toBe('Second?');
    expect(repairs).toEqual([
      'index link "#one" pointed at "Second?": moved the anchor of "First?" from "two" to "one"',
      'index link "#two" pointed at "First?": moved the anchor of "Second?" from "one" to "two"',
    ]);
  });

  it('gives a slug to a question whose duplicated anchor the index does not disambiguate', () => {
    const source = faqSource({
      index: {
        Questions: [
          ['First?', 'same'],
          ['Does it work?', 'same'],
        ],
      },
      blocks: [questionBlock('same', 'First?', 'A.'), questionBlock('same', 'Does it work?', 'B.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(questionsOf(faq).map((question) => [question.anchor, question.question])).toEqual([
      ['same', 'First?'],
      ['does-it-work', 'Does it work?'],
    ]);
    expect(repairs).toEqual([
      'index link "#same" is already taken: gave "Does it work?" the anchor "does-it-work" instead',
      'anchor "same" was declared on 2 questions: "First?" keeps it; re-anchored the rest to "does-it-work"',
    ]);
  });

  it('matches index entries to headings ignoring case, spacing, punctuation and emphasis', () => {
    const source = faqSource({
      index: { Questions: [['can we   publish a PRESS-release', 'press']] },
      blocks: [questionBlock('press', 'Can we publish a press release?', 'Yes.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(questionAt(faq, 'press').question).toBe('Can we publish a press release?');
    expect(repairs).toEqual([]);
  });
});

describe('links and tags', () => {
  it('turns e-mail addresses used as link targets into mailto links', () => {
    const answer = 'Write to [us](help@example.org) or <a href="team@example.org">the team</a>.';
    const { faq, repairs } = importFaqSeed(faqWithAnswer(answer));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(
      'Write to [us](mailto:help@example.org) or <a href="mailto:team@example.org">the team</a>.',
    );
    expect(repairs).toEqual([
      'fixed e-mail address used as a relative link in question "one": "help@example.org" → "mailto:help@example.org"',
      'fixed e-mail address used as a relative link in question "one": "team@example.org" → "mailto:team@example.org"',
    ]);
  });

  it('leaves working links and bare addresses alone', () => {
    const answer = 'Mail [us](mailto:a@b.org), see [docs](https://example.org/a@b.org) or write a@b.org.';
    const { faq, repairs } = importFaqSeed(faqWithAnswer(answer));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(answer);
    expect(repairs).toEqual([]);
  });

  it('adds rel="noopener noreferrer" to target=_blank links and quotes their attributes', () => {
    const { faq, repairs } = importFaqSeed(
      faqWithAnswer('See <a href=https://example.org target=_blank>this</a>.'),
    );
    expect(questionAt(faq, 'one').answerMarkdown).toBe(
      'See <a href="https://example.org" target="_blank" rel="noopener noreferrer">this</a>.',
    );
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatch(
      /^secured target="_blank" link in question "one" \(rel lacked noopener and noreferrer/,
    );
  });

  it('quotes the attributes of a target=_blank link that already has the right rel', () => {
    const answer = 'See <a href=https://example.org target=_blank rel="noopener noreferrer">this</a>.';
    const { faq, repairs } = importFaqSeed(faqWithAnswer(answer));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(
      'See <a href="https://example.org" target="_blank" rel="noopener noreferrer">this</a>.',
    );
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toContain('(attributes were unquoted)');
  });

  it('merges the required rel values into an existing rel', () => {
    const answer = `See <a href='https://example.org' rel="nofollow noopener" target="_blank">this</a>.`;
    const { faq, repairs } = importFaqSeed(faqWithAnswer(answer));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(
      'See <a href="https://example.org" rel="nofollow noopener noreferrer" target="_blank">this</a>.',
    );
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toContain('(rel lacked noreferrer)');
  });

  it('leaves links that are already safe or open in the same tab alone', () => {
    const answer =
      'See <a href="https://example.org" target="_blank" rel="noopener noreferrer">this</a> and ' +
      '<a href="https://example.org">that</a>.';
    const { faq, repairs } = importFaqSeed(faqWithAnswer(answer));
    expect(questionAt(faq, 'one').answerMarkdown).toBe(answer);
    expect(repairs).toEqual([]);
  });

  it('replaces an invalid </br> inside an answer with <br>', () => {
    const { faq, repairs } = importFaqSeed(faqWithAnswer('Line one</br>line two.'));
    expect(questionAt(faq, 'one').answerMarkdown).toBe('Line one<br>line two.');
    expect(repairs).toEqual(['replaced invalid </br> tag with <br> in question "one"']);
  });

  it('drops an invalid </br> that is only layout, and reports it', () => {
    const { faq, repairs } = importFaqSeed(faqWithAnswer('Answer.\n</br>\n</br>'));
    expect(questionAt(faq, 'one').answerMarkdown).toBe('Answer.');
    expect(repairs).toEqual(['removed 2 invalid </br> tags (layout only) in question "one"']);
  });
});

describe('index and body disagreeing', () => {
  it('keeps a body question missing from the index at the end of the last section', () => {
    const source = faqSource({
      index: { First: [['One?', 'one']], Second: [['Two?', 'two']] },
      blocks: [
        questionBlock('extra', 'Extra?', 'E.'),
        questionBlock('one', 'One?', 'A.'),
        questionBlock('two', 'Two?', 'B.'),
      ],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(faq.sections.map((section) => section.questions.map((question) => question.anchor))).toEqual([
      ['one'],
      ['two', 'extra'],
    ]);
    expect(questionAt(faq, 'extra').answerMarkdown).toBe('E.');
    expect(repairs).toEqual([
      'question "extra" ("Extra?") was missing from the index: added it to the end of section "Second"',
    ]);
  });

  it('keeps anchors unique, and clear of "#top", among questions missing from the index', () => {
    const source = faqSource({
      index: { Questions: [['One?', 'one']] },
      blocks: [
        questionBlock('one', 'One?', 'A.'),
        questionBlock('one', 'Taken anchor?', 'B.'),
        questionBlock('extra', 'Extra?', 'C.'),
        questionBlock('extra', 'Extra again?', 'D.'),
        questionBlock('top', 'Top tips?', 'E.'),
      ],
    });
    const { faq } = importFaqSeed(source);
    expect(questionsOf(faq).map((question) => question.anchor)).toEqual([
      'one',
      'taken-anchor',
      'extra',
      'extra-again',
      'top-tips',
    ]);
  });

  it('drops an index entry whose question is not in the body, and a section left empty by it', () => {
    const source = faqSource({
      index: {
        First: [
          ['One?', 'one'],
          ['Gone?', 'gone'],
        ],
        Second: [['Also gone?', 'also']],
      },
      blocks: [questionBlock('one', 'One?', 'A.')],
    });
    const { faq, repairs } = importFaqSeed(source);
    expect(faq.sections).toEqual([
      { title: 'First', questions: [{ anchor: 'one', question: 'One?', answerMarkdown: 'A.' }] },
    ]);
    expect(repairs).toEqual([
      'dropped index entry "#gone" ("Gone?"): no question in the body has that text',
      'dropped index entry "#also" ("Also gone?"): no question in the body has that text',
      'dropped section "Second": none of its index entries has a question in the body',
    ]);
  });
});

describe('layout variations', () => {
  it('reads a page without front matter, section titles or the seed’s exact markup', () => {
    const source = [
      '# Variant FAQ',
      '',
      'Intro line one.',
      '',
      'Intro line two.',
      '',
      '- [First?](#one)',
      'Stray note.',
      '',
      '<a name="one"></a>',
      '## First?',
      '',
      'Answer with</hr> a stray end tag.',
      '<a href="#top">Back to top</a>',
    ].join('\n');
    const { faq, repairs } = importFaqSeed(source);
    expect(faq).toEqual({
      title: 'Variant FAQ',
      introMarkdown: 'Intro line one.\n\nIntro line two.',
      sections: [
        {
          title: '',
          questions: [{ anchor: 'one', question: 'First?', answerMarkdown: 'Answer with a stray end tag.' }],
        },
      ],
    });
    expect(repairs).toEqual([
      'dropped unrecognised line from the index: "Stray note."',
      'front matter had no title: used the page heading "Variant FAQ"',
      'removed invalid </hr> tag in question "one"',
    ]);
  });
});

describe('input that is not an FAQ', () => {
  it.each([
    ['an empty file', ''],
    ['plain prose', 'Just some text.\n\nAnd more.'],
    ['an index without questions', '---\ntitle: T\n---\n# T\n\n- [Q?](#q)\n'],
    ['questions without an index', '---\ntitle: T\n---\n# T\n\n### Q?\n\nA.\n'],
    ['no title anywhere', '- [Q?](#q)\n\n### Q?\n\nA.\n'],
    ['broken front matter', '---\ntitle: [unclosed\n---\n# T\n\n- [Q?](#q)\n\n### Q?\n\nA.\n'],
  ])('rejects %s with FaqImportError', (_name, source) => {
    expect(() => importFaqSeed(source)).toThrow(FaqImportError);
  });

  it('never evaluates JavaScript front matter', () => {
    const source =
      "---js\n{ title: (globalThis.faqImportRan = 'yes') }\n---\n# T\n\n- [Q?](#q)\n\n### Q?\n\nA.\n";
    expect(() => importFaqSeed(source)).toThrow(FaqImportError);
    expect(Reflect.get(globalThis, 'faqImportRan')).toBeUndefined();
  });

  it('either imports or throws FaqImportError for any string', () => {
    const fragments = [
      '---\ntitle: T\n---',
      '# T',
      '**Section:**<br/>',
      '- [Q?](#q)',
      '- [Other](#top)',
      '<a id="q"></a>',
      '### **Q?**',
      '## Q?',
      '____',
      '</br>',
      '<br/>',
      '[**Back to the top**](#top)',
      'FTEâ€™s <a href=x@y.org target=_blank rel=x>',
      '',
    ];
    const faqLike = fc
      .array(fc.constantFrom(...fragments), { maxLength: 20 })
      .map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), faqLike), (source) => {
        try {
          importFaqSeed(source);
        } catch (error) {
          expect(error).toBeInstanceOf(FaqImportError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
