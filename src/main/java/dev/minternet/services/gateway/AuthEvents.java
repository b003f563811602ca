package dev.minternet.services.gateway;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code auth}: the OAuth 2.0 authorization server's tokens and codes. */
public final class AuthEvents {
    private AuthEvents() {
    }

    public static final Catalog CATALOG = new Catalog("auth",
            "The OAuth 2.0 authorization server (services.gateway.AuthServer): client-credentials and authorization-code with PKCE grants, "
                    + "JWTs signed with ES256 or EdDSA, a JWKS.");

    public static final Field<String> GRANT = Field.text("grant", "client_credentials, authorization_code, or login (a user's password at /login)");
    public static final Field<String> CLIENT = Field.text("client", "the client_id (for a login the user name)");
    public static final Field<String> SUBJECT = Field.text("subject", "the token's sub");
    public static final Field<String> SCOPE = Field.text("scope", "the scopes granted, space-separated");
    public static final Field<String> AUDIENCE = Field.text("audience", "the token's aud");
    public static final Field<String> ALG = Field.text("alg", "the JWS algorithm: ES256 or EdDSA");
    public static final Field<String> KID = Field.text("kid", "the signing key's id in the JWKS");
    public static final Field<Long> EXPIRES_S = Field.integer("expires_s", Unit.SECONDS, "the token's lifetime (expires_in)");
    public static final Field<String> ERROR = Field.text("error", "the RFC 6749 section 5.2 error code");
    public static final Field<String> WHY = Field.text("why", "the reason in words");
    public static final Field<String> METHOD = Field.text("method", "the PKCE code_challenge_method (S256 or plain)");
    public static final Field<String> USER = Field.text("user", "the user who logged in (the session token's sub)");
    public static final Field<String> COOKIE = Field.text("cookie", "the Set-Cookie field, its value elided");
    public static final Field<String> REDIRECT = Field.text("redirect", "the redirect_uri the code goes to");

    public static final EventType TOKEN = CATALOG.event("token", "an access token was issued", GRANT, CLIENT, SUBJECT, SCOPE, AUDIENCE, ALG, KID, EXPIRES_S);
    public static final EventType DENY = CATALOG.event("deny", "a token request was refused (400 or 401 with an RFC 6749 error)", GRANT, CLIENT, ERROR, WHY);
    public static final EventType SESSION = CATALOG.event("session", "a user logged in: a session cookie carrying a signed JWT was set",
            USER, SCOPE, AUDIENCE, EXPIRES_S, COOKIE);
    public static final EventType CODE = CATALOG.event("code", "an authorization code was issued against a PKCE code_challenge", CLIENT, METHOD, REDIRECT, SCOPE);
}
