import * as fc from 'fast-check';
import { CfnValues } from '../../../src/review/private/cfn-values';
import { trustPolicySize } from '../../../src/review/private/policy-size';
import { PROPERTY_PARAMS } from '../../core/support';

const LONGEST = 'arn:aws-us-gov:iam::123456789012:oidc-provider/';

/** The definition: the minified JSON of a copy with intrinsics resolved and provider ARNs at their longest. */
function reference(document: unknown, values: CfnValues): number {
  const longest = (text: string) => text.replace(/^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/, `${LONGEST}$1`);
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return longest(value);
    if (Array.isArray(value)) return value.map(copy);
    if (typeof value !== 'object' || value === null) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      const text = values.text(value);
      return text ? longest(text.text) : JSON.stringify(value);
    }
    return Object.fromEntries(keys.map((k) => [k, copy((value as any)[k])]));
  };
  return JSON.stringify(copy(document)).length;
}

const template = {
  Parameters: { Host: { Type: 'String', Default: 'token.actions.githubusercontent.com' } },
  Resources: { Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://gitlab.com' } } },
};

/** JSON-like values with the parts the measure treats specially: intrinsics, ARNs, escapes. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'sts:AssumeRoleWithWebIdentity', 'quote " back \\ tab \t', '😀 é \ud800', ''),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom({ Ref: 'AWS::Partition' }, { Ref: 'Host' }, { Ref: 'Provider' }, { Ref: 'Missing' }, { 'Fn::GetAtt': ['Provider', 'Arn'] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:oidc-provider/', { Ref: 'Host' }]] }, { 'Fn::Sub': 'x-${Host}' }, { 'Fn::Unknown': [1] }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('Ref', 'Fn::Join', 'Effect', 'Condition', '"k"'), fc.string()), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('trustPolicySize', () => {
  test('a compiled statement: the provider ARN counts at its longest', () => {
    // GIVEN
    const values = new CfnValues(template);
    const document = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:oidc-provider/token.actions.githubusercontent.com']] } },
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      }],
    };

    // THEN
    const text = JSON.stringify(document).replace(JSON.stringify(document.Statement[0].Principal.Federated),
      JSON.stringify(`${LONGEST}token.actions.githubusercontent.com`));
    expect(trustPolicySize(document, values)).toBe(text.length);
  });

  test('property: measured without a copy, the size is that of the minified copy', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), jsonValue, { maxKeys: 5 }), (document) => {
      const values = new CfnValues(template);
      expect(trustPolicySize(document, values)).toBe(reference(document, values));
    }), PROPERTY_PARAMS);
  });

  test('the roles of a template: the same principal in objects of their own, measured as the definition does each time', () => {
    // GIVEN one CfnValues for several documents whose principals are equal data (and one that differs)
    const values = new CfnValues(template);
    const document = (host: unknown, sub: string) => ({
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:oidc-provider/', host]] } },
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': sub } },
      }],
    });
    const documents = [
      document({ Ref: 'Host' }, 'repo:a/b:ref:refs/heads/main'),
      document({ Ref: 'Host' }, 'repo:a/c:ref:refs/heads/main'),
      document('gitlab.com', 'x'),
      document({ Ref: 'Host' }, 'repo:a/b:ref:refs/heads/main'),
      document({ Ref: 'Missing' }, 'repo:a/b:ref:refs/heads/main'),
    ];

    // THEN each is measured as a fresh measure and the definition measure it
    for (const d of documents) {
      expect(trustPolicySize(d, values)).toBe(reference(d, new CfnValues(template)));
      expect(trustPolicySize(d, values)).toBe(trustPolicySize(d, new CfnValues(template)));
    }
    expect(trustPolicySize(documents[0], values)).not.toBe(trustPolicySize(documents[2], values));
  });

  test('text that is not an ARN but mentions one is kept as it is', () => {
    const values = new CfnValues(template);
    const doc = { a: 'x arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com', b: 'arn:aws:iam::1:oidc-provider/h' };
    expect(trustPolicySize(doc, values)).toBe(reference(doc, values));
    expect(trustPolicySize(doc, values)).toBe(JSON.stringify({ a: doc.a, b: `${LONGEST}h` }).length);
  });

  test('values JSON text cannot hold are measured as JSON.stringify writes them', () => {
    // GIVEN an undefined member and element, a function, a date and an object with toJSON
    const values = new CfnValues(template);
    const odd = {
      gone: undefined,
      list: ['a', undefined, () => 1],
      when: new Date(0),
      custom: { toJSON: () => 'custom' },
      nested: { Effect: 'Allow' },
    };

    // THEN
    expect(trustPolicySize(odd, values)).toBe(reference(odd, values));
    expect(trustPolicySize({ arr: [1, , 3] }, values)).toBe(reference({ arr: [1, , 3] }, values));
  });
});
