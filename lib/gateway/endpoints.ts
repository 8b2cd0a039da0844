/**
 * Gateway URLs. People paste the base URL with or without `/v1` (LiteLLM serves both); we keep
 * the root and add paths ourselves, so `/v1/v1` can never happen.
 */
export function gatewayRoot(input: string): string {
  const url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('Gateway URL must be http(s)');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
  return `${url.origin}${path}`;
}

export function gatewayOrigin(input: string): string {
  return new URL(gatewayRoot(input)).origin;
}

/** The match pattern Chrome's permissions API takes for one origin. */
export function originPattern(origin: string): string {
  return `${new URL(origin).origin}/*`;
}

export const endpoint = {
  chat: (root: string) => `${root}/v1/chat/completions`,
  keyInfo: (root: string) => `${root}/key/info`,
  userInfo: (root: string) => `${root}/user/info`,
  teamInfo: (root: string, teamId: string) => `${root}/team/info?team_id=${encodeURIComponent(teamId)}`,
  models: (root: string) => `${root}/v1/models`,
  modelInfo: (root: string) => `${root}/v1/model/info`,
};
