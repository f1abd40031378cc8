import * as fc from 'fast-check';
import { CfnValues, sameData } from '../../../src/review/private/cfn-values';
import { PROPERTY_PARAMS } from '../../core/support';

const template = {
  Parameters: { Host: { Type: 'String', Default: 'token.actions.githubusercontent.com' } },
  Resources: { Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://gitlab.com' } } },
};

describe('CfnValues.text', () => {
  test('an object read twice gives the same text (the second read is remembered)', () => {
    // GIVEN
    const values = new CfnValues(template);
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:oidc-provider/', { Ref: 'Host' }]] };

    // WHEN
    const first = values.text(arn);
    const second = values.text(arn);

    // THEN
    expect(first).toEqual({ text: 'arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com', exact: false, refs: [] });
    expect(second).toEqual(first);
    expect(new CfnValues(template).text(arn)).toEqual(first);
  });

  test('a value read on its own first is still too deep inside 17 nested joins', () => {
    // GIVEN a join that resolves on its own, then the same object nested beyond the depth limit (16)
    const values = new CfnValues(template);
    const inner = { 'Fn::Join': ['-', ['a', { Ref: 'Host' }]] };
    let deep: unknown = inner;
    for (let i = 0; i < 17; i++) deep = { 'Fn::Join': ['', [deep]] };

    // WHEN the inner object is read (and remembered) first
    expect(values.text(inner)?.text).toBe('a-token.actions.githubusercontent.com');

    // THEN the nesting still exceeds the limit: what was remembered for the whole value is not
    // used inside another
    expect(values.text(deep)).toBeUndefined();
    let shallow: unknown = inner;
    for (let i = 0; i < 15; i++) shallow = { 'Fn::Join': ['', [shallow]] };
    expect(values.text(shallow)?.text).toBe('a-token.actions.githubusercontent.com');
  });

  test('a join of a list with a hole joins the hole as empty text, as Array.join does', () => {
    // GIVEN a list that was not parsed from JSON
    const parts: unknown[] = ['a'];
    parts[2] = 'b';

    // THEN
    expect(new CfnValues(template).text({ 'Fn::Join': ['-', parts] })?.text).toBe('a--b');
    expect(new CfnValues(template).text({ 'Fn::Join': ['-', ['a', { Ref: 'Missing' }, 'b']] })).toBeUndefined();
  });
});

describe('CfnValues.text of equal data in other objects (the roles of a template)', () => {
  const principal = () => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:oidc-provider/', { Ref: 'Host' }]] });

  test('equal data read again in a new object gives the text a fresh read gives', () => {
    // GIVEN
    const values = new CfnValues(template);

    // WHEN the same data is read in three objects of their own
    const texts = [values.text(principal()), values.text(principal()), values.text(principal())];

    // THEN
    for (const t of texts) expect(t).toEqual(new CfnValues(template).text(principal()));
    expect(texts[1]?.text).toBe('arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com');
  });

  test('data that differs anywhere is read on its own, not taken for the last value', () => {
    // GIVEN values read one after the other, each differing from the one before in one place
    const values = new CfnValues(template);
    const sequence: unknown[] = [
      principal(),
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:oidc-provider/', { Ref: 'Missing' }]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::2:oidc-provider/', { Ref: 'Host' }]] },
      { 'Fn::Join': [':', ['arn:', { Ref: 'AWS::Partition' }, ':iam::2:oidc-provider/', { Ref: 'Host' }]] },
      { 'Fn::Join': [':', ['arn:', { Ref: 'AWS::Partition' }, ':iam::2:oidc-provider/']] },
      { 'Fn::Sub': 'x-${Host}' },
      { 'Fn::Sub': 'x-${Host}', 'extra': 1 },
      { Ref: 'Provider' },
      { Ref: 'Host' },
    ];

    // THEN each text is that of a fresh read
    for (const v of sequence) expect(values.text(v)).toEqual(new CfnValues(template).text(v));
  });

  test('property: read in any order, every value has the text a fresh read gives', () => {
    const part = fc.oneof(fc.constantFrom('a', 'arn:', ':iam::1:oidc-provider/', ''), fc.constantFrom({ Ref: 'AWS::Partition' }, { Ref: 'Host' }, { Ref: 'Provider' }, { Ref: 'Missing' }));
    const value = fc.oneof(
      fc.record({ 'Fn::Join': fc.tuple(fc.constantFrom('', '-'), fc.array(part, { maxLength: 3 })) }),
      fc.record({ 'Fn::Sub': fc.constantFrom('x-${Host}', '${AWS::Partition}', 'plain') }),
      fc.constantFrom({ Ref: 'Host' }, { Ref: 'Provider' }, { 'Fn::GetAtt': ['Provider', 'Arn'] }),
    );
    fc.assert(fc.property(fc.array(value, { maxLength: 8 }), (list) => {
      const values = new CfnValues(template);
      // Each value twice, the second time as a copy: the copy may be answered from the last read.
      for (const v of list) {
        expect(values.text(v)).toEqual(new CfnValues(template).text(v));
        expect(values.text(JSON.parse(JSON.stringify(v)))).toEqual(new CfnValues(template).text(v));
      }
    }), PROPERTY_PARAMS);
  });
});

describe('sameData', () => {
  test('equal JSON data in other objects is the same', () => {
    expect(sameData({ a: [1, 'x', null, { b: true }] }, { a: [1, 'x', null, { b: true }] }, 0)).toBe(true);
    expect(sameData(Object.assign(Object.create(null), { a: 1 }), { a: 1 }, 0)).toBe(true);
  });

  test('other keys, values, lengths, holes or kinds are not', () => {
    expect(sameData({ a: 1 }, { a: 1, b: 1 }, 0)).toBe(false);
    expect(sameData({ a: 1, b: 1 }, { a: 1 }, 0)).toBe(false);
    expect(sameData({ a: 1 }, { b: 1 }, 0)).toBe(false);
    expect(sameData({ a: '1' }, { a: 1 }, 0)).toBe(false);
    expect(sameData([1, 2], [1, 2, 3], 0)).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(sameData([1, , 3], [1, undefined, 3], 0)).toBe(false);
    expect(sameData({ a: [] }, { a: {} }, 0)).toBe(false);
    expect(sameData([], {}, 0)).toBe(false);
    expect(sameData(0, -0, 0)).toBe(false);
    expect(sameData(NaN, NaN, 0)).toBe(true);
  });

  test('class instances and functions are the same only as the very same value', () => {
    const date = new Date(0);
    const fn = () => 1;
    expect(sameData({ d: new Date(0) }, { d: new Date(0) }, 0)).toBe(false);
    expect(sameData({ d: date }, { d: date }, 0)).toBe(true);
    expect(sameData({ f: () => 1 }, { f: () => 1 }, 0)).toBe(false);
    expect(sameData({ f: fn }, { f: fn }, 0)).toBe(true);
  });

  test('data nested deeper than any value is read is not compared', () => {
    let a: unknown = 'x';
    let b: unknown = 'x';
    for (let i = 0; i < 20; i++) {
      a = [a];
      b = [b];
    }
    expect(sameData(a, b, 0)).toBe(false);
    expect(sameData(a, a, 0)).toBe(true);
  });
});
