/**
 * devproxy's default tokens: signed JWT launch and access tokens ({@link dev.devproxy.token.JwtTokens}, HS256, RS256,
 * ES256) behind the {@code TokenIssuer} and {@code TokenVerifier} SPIs.
 */
package dev.devproxy.token;
