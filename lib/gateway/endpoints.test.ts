import { describe, expect, it } from 'vitest';
import { endpoint, gatewayOrigin, gatewayRoot } from './endpoints';

describe('gatewayRoot', () => {
  it.each([
    ['https://llm.example.com', 'https://llm.example.com'],
    ['https://llm.example.com/', 'https://llm.example.com'],
    ['https://llm.example.com/v1', 'https://llm.example.com'],
    ['https://llm.example.com/v1/', 'https://llm.example.com'],
    ['https://corp.example.com/litellm/v1', 'https://corp.example.com/litellm'],
    ['  http://127.0.0.1:4000/V1 ', 'http://127.0.0.1:4000'],
  ])('%s → %s', (input, root) => {
    expect(gatewayRoot(input)).toBe(root);
    expect(endpoint.chat(gatewayRoot(input))).not.toContain('/v1/v1');
  });

  it('refuses non-http schemes and garbage', () => {
    expect(() => gatewayRoot('javascript:alert(1)')).toThrow();
    expect(() => gatewayRoot('not a url')).toThrow();
  });

  it('gives the origin for permission requests', () => {
    expect(gatewayOrigin('https://corp.example.com/litellm/v1')).toBe('https://corp.example.com');
  });
});
