import { CfnValues } from '../../../src/review/private/cfn-values';

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
