import type { Authentication } from './auth.service';

const authenticated = new WeakMap<object, Authentication>();

/** The HTTP layer authenticates once (rate limits need the user); the GraphQL context reuses it. */
export function rememberAuthentication(request: object, authentication: Authentication): void {
  authenticated.set(request, authentication);
}

export function rememberedAuthentication(request: object): Authentication | undefined {
  return authenticated.get(request);
}
