import { EXAMPLES } from '../examples/all';

describe('examples/', () => {
  test.each(EXAMPLES.map((e) => [e.name, e] as const))('%s: every sample token gets the expected decision', (_name, example) => {
    for (const t of example.tokens) {
      const decision = example.policy.evaluate(t.claims, { targetDefaultAudiences: example.targetDefaultAudiences });
      expect({ token: t.label, allowed: decision.allowed }).toEqual({ token: t.label, allowed: t.expectAllowed });
    }
  });

  test('every example has an allowed and a denied token, so each declaration is shown to discriminate', () => {
    for (const e of EXAMPLES) {
      expect(e.tokens.some((t) => t.expectAllowed)).toBe(true);
      expect(e.tokens.some((t) => !t.expectAllowed)).toBe(true);
    }
  });
});
