package dev.minternet.services.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * An OAuth 2.0 authorization server (RFC 6749) that issues JWT access tokens (RFC 9068's profile
 * of RFC 7519: {@code typ: at+jwt}; {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code
 * nbf}, {@code exp}, {@code scope}, {@code client_id}, {@code jti}) signed with ES256 or EdDSA by
 * keys derived from the world seed ({@link JwtKeys}).
 *
 * <ul>
 *   <li>{@code POST /token} with {@code grant_type=client_credentials} (section 4.4): the client
 *       authenticates with HTTP Basic or {@code client_id}/{@code client_secret} in the body; the
 *       token's {@code sub} is the client.</li>
 *   <li>{@code GET /authorize} (section 4.1) with a PKCE {@code code_challenge} (RFC 7636, S256 or
 *       plain; required): answers 302 to the client's {@code redirect_uri} with a one-time
 *       {@code code} valid 60 s. Modelled, not real: there is no login page; the client's
 *       configured user consents at once.</li>
 *   <li>{@code POST /token} with {@code grant_type=authorization_code}: the code, the same
 *       {@code redirect_uri} and the {@code code_verifier}, whose S256 hash must equal the
 *       challenge (RFC 7636 section 4.6); otherwise 400 {@code invalid_grant}.</li>
 *   <li>{@code GET /.well-known/jwks.json}: the public keys (RFC 7517), ES256 and EdDSA.</li>
 * </ul>
 * Errors are RFC 6749 section 5.2's JSON ({@code invalid_client} 401, others 400); token
 * answers carry {@code Cache-Control: no-store}.
 */
public final class AuthServer {
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final long CODE_LIFETIME_NS = 60 * Durations.S;

    /** A registered client: its secret (null for a public client, which must use PKCE), scopes, audience and user. */
    public record Client(String id, String secret, List<String> scopes, String audience, String user) {
    }

    /** A user who may log in at {@code /login}: password, the scopes the session grants and its audience. */
    public record User(String name, String password, List<String> scopes, String audience) {
    }

    /** The server's settings. */
    public record Config(String issuer, JWSAlgorithm alg, long lifetimeNs, List<Client> clients, List<User> users) {
        /** Without users (no /login). */
        public Config(String issuer, JWSAlgorithm alg, long lifetimeNs, List<Client> clients) {
            this(issuer, alg, lifetimeNs, clients, List.of());
        }
    }

    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "session";
    /** The attributes the session cookie is set with (RFC 6265bis): a session cookie, for the whole site, never to scripts or over http. */
    public static final String SESSION_ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Lax";

    private record Code(Client client, String redirect, String challenge, String method, List<String> scopes, long expiresNs) {
    }

    private final Node node;
    private final Trace trace;
    private final Config config;
    private final JwtKeys keys;
    private final HttpServer server;
    private final Map<String, Code> codes = new HashMap<>();
    private final SplittableRandom random;
    private long issued;

    /** Starts the server on {@code port} of {@code node} (port 0: not listening; use {@link #handler()}). */
    public AuthServer(Node node, int port, List<TlsIdentity> identity, Config config) {
        this.node = node;
        this.trace = node.trace();
        this.config = config;
        this.keys = new JwtKeys(node.world().sim().randoms().seed(), config.issuer());
        this.random = node.random("oauth-codes");
        this.server = new HttpServer(node.sim(), node.world().epoch()).trace(trace).nginxTimeouts().serverName("minternet-auth (" + node.name() + ")");
        server.route("GET", "/health", HttpHandler.of(r -> Response.text(200, "ok\n")));
        server.route("GET", "/.well-known/jwks.json", HttpHandler.of(r -> Response.of(200, "application/jwk-set+json",
                keys.publicSet().toString().getBytes(StandardCharsets.UTF_8)).withHeader("Cache-Control", "max-age=300")));
        server.route("GET", "/authorize", HttpHandler.of(this::authorize));
        server.route("POST", "/token", HttpHandler.of(this::token));
        server.route("POST", "/login", HttpHandler.of(this::login));
        server.route("GET", "/login", HttpHandler.of(this::login));
        server.route("POST", "/logout", HttpHandler.of(this::logout));
        if (port > 0) {
            Endpoints.serve(node, port, server, identity);
        }
    }

    /**
     * Answers {@code req} as the listener would, without the network (for tests and benchmarks):
     * {@code GET /authorize}, {@code POST /token}, {@code /login}, {@code POST /logout}, the JWKS; anything else 404.
     */
    public Response answer(Request req) {
        String path = req.path();
        if (req.method().equals("GET") && path.equals("/authorize")) {
            return authorize(req);
        }
        if (req.method().equals("POST") && path.equals("/token")) {
            return token(req);
        }
        if (path.equals("/login") && (req.method().equals("POST") || req.method().equals("GET"))) {
            return login(req);
        }
        if (path.equals("/logout") && req.method().equals("POST")) {
            return logout(req);
        }
        if (req.method().equals("GET") && path.equals("/.well-known/jwks.json")) {
            return Response.of(200, "application/jwk-set+json", keys.publicSet().toString().getBytes(StandardCharsets.UTF_8));
        }
        return Response.notFound();
    }

    public HttpServer server() {
        return server;
    }

    public JwtKeys keys() {
        return keys;
    }

    /** Tokens issued so far. */
    public long issued() {
        return issued;
    }

    private long nowMs() {
        return node.world().epoch().toEpochMilli() + node.sim().now() / Durations.MS;
    }

    private Client client(String id) {
        for (Client c : config.clients()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    // ---- authorization endpoint

    private Response authorize(Request req) {
        Map<String, String> q = Forms.parse(Forms.query(req.target()));
        Client c = client(q.getOrDefault("client_id", ""));
        String redirect = q.get("redirect_uri");
        if (c == null || redirect == null || redirect.isEmpty()) {
            // section 4.1.2.1: without a valid client and redirect the error is not redirected
            return deny("authorization_code", q.getOrDefault("client_id", ""), 400, "invalid_request",
                    c == null ? "unknown client_id" : "redirect_uri is required");
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            return redirectError(redirect, state, "unsupported_response_type", "response_type must be code");
        }
        String challenge = q.get("code_challenge");
        String method = q.getOrDefault("code_challenge_method", "plain");
        if (challenge == null || !VERIFIER.matcher(challenge).matches()) {
            return redirectError(redirect, state, "invalid_request", "code_challenge required (43-128 unreserved characters, RFC 7636 4.2)");
        }
        if (!method.equals("S256") && !method.equals("plain")) {
            return redirectError(redirect, state, "invalid_request", "transform algorithm not supported");
        }
        List<String> scopes = scopes(q.get("scope"), c);
        if (scopes == null) {
            return redirectError(redirect, state, "invalid_scope", "scope beyond the client's");
        }
        byte[] raw = new byte[16];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) random.nextInt(256);
        }
        String code = Base64URL.encode(raw).toString();
        codes.put(code, new Code(c, redirect, challenge, method, scopes, node.sim().now() + CODE_LIFETIME_NS));
        if (trace.enabled()) {
            trace.emit(node.name(), AuthEvents.CODE, c.id(), method, redirect, String.join(" ", scopes));
        }
        String loc = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + (state == null ? "" : "&state=" + Forms.encode(state));
        return new Response(302, Headers.of("Location", loc, "Cache-Control", "no-store"), new byte[0]);
    }

    private static Response redirectError(String redirect, String state, String error, String description) {
        String loc = redirect + (redirect.contains("?") ? "&" : "?") + "error=" + error + "&error_description=" + Forms.encode(description)
                + (state == null ? "" : "&state=" + Forms.encode(state));
        return new Response(302, Headers.of("Location", loc), new byte[0]);
    }

    /** The requested scopes (all of the client's when none asked), or null when one is beyond the client's. */
    private static List<String> scopes(String requested, Client c) {
        if (requested == null || requested.isBlank()) {
            return c.scopes();
        }
        List<String> out = new ArrayList<>();
        for (String s : requested.trim().split(" +")) {
            if (!c.scopes().contains(s)) {
                return null;
            }
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    // ---- login: a session cookie

    /**
     * {@code POST /login} with the form {@code username} and {@code password} (also {@code GET
     * /login?username=..&password=..}, modelled: a browser's visit cannot post a form): 200 with
     * {@code Set-Cookie: session=<JWT>; Path=/; Secure; HttpOnly; SameSite=Lax}, the JWT's {@code sub}
     * the user, its scopes and audience the user's, {@code exp} the token lifetime away; a session
     * cookie (no Expires), so it ends with the browser while the JWT ends at exp. A wrong user or
     * password: 401 {@code invalid_grant}.
     */
    private Response login(Request req) {
        Map<String, String> f = Forms.parse(req.method().equals("GET") ? Forms.query(req.target()) : req.bodyText());
        String name = f.getOrDefault("username", "");
        User u = null;
        for (User x : config.users()) {
            if (x.name().equals(name)) {
                u = x;
            }
        }
        if (u == null || !u.password().equals(f.get("password"))) {
            return deny("login", name, 401, "invalid_grant", u == null ? "unknown user" : "wrong password");
        }
        long now = nowMs();
        long lifetimeS = config.lifetimeNs() / Durations.S;
        issued++;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(config.issuer()).subject(u.name()).audience(u.audience())
                .issueTime(new Date(now / 1000 * 1000)).notBeforeTime(new Date(now / 1000 * 1000))
                .expirationTime(new Date((now / 1000 + lifetimeS) * 1000)).claim("scope", String.join(" ", u.scopes()))
                .jwtID(String.format("%s-%d", node.name(), issued)).build();
        String cookie = SESSION_COOKIE + "=" + sign(claims) + SESSION_ATTRIBUTES;
        if (trace.enabled()) {
            trace.emit(node.name(), AuthEvents.SESSION, u.name(), String.join(" ", u.scopes()), u.audience(), lifetimeS,
                    SESSION_COOKIE + "=..." + SESSION_ATTRIBUTES);
        }
        String body = "{\"user\":" + Forms.json(u.name()) + ",\"scope\":" + Forms.json(String.join(" ", u.scopes()))
                + ",\"expires_in\":" + lifetimeS + "}\n";
        return Response.of(200, "application/json", body.getBytes(StandardCharsets.UTF_8)).withHeader("Cache-Control", "no-store")
                .withHeader("Set-Cookie", cookie);
    }

    /** {@code POST /logout}: the session cookie deleted (an empty value, Max-Age=0). */
    private Response logout(Request req) {
        return new Response(204, Headers.of("Cache-Control", "no-store", "Set-Cookie", SESSION_COOKIE + "=; Max-Age=0" + SESSION_ATTRIBUTES),
                new byte[0]);
    }

    // ---- token endpoint

    private Response token(Request req) {
        Map<String, String> f = Forms.parse(req.bodyText());
        String grant = f.getOrDefault("grant_type", "");
        String id = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = req.headers().get("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    id = Forms.parse("a=" + pair.substring(0, colon)).get("a");
                    secret = Forms.parse("a=" + pair.substring(colon + 1)).get("a");
                }
            } catch (IllegalArgumentException e) {
                return deny(grant, "", 401, "invalid_client", "malformed Basic credentials");
            }
        }
        Client c = id == null ? null : client(id);
        if (c == null) {
            return deny(grant, id == null ? "" : id, 401, "invalid_client", "unknown client");
        }
        switch (grant) {
            case "client_credentials" -> {
                if (c.secret() == null || !c.secret().equals(secret)) {
                    return deny(grant, c.id(), 401, "invalid_client", c.secret() == null
                            ? "a public client cannot use client_credentials" : "wrong client secret");
                }
                List<String> scopes = scopes(f.get("scope"), c);
                if (scopes == null) {
                    return deny(grant, c.id(), 400, "invalid_scope", "scope beyond the client's " + c.scopes());
                }
                return issue(grant, c, c.id(), scopes);
            }
            case "authorization_code" -> {
                if (c.secret() != null && secret != null && !c.secret().equals(secret)) {
                    return deny(grant, c.id(), 401, "invalid_client", "wrong client secret");
                }
                Code code = codes.remove(f.getOrDefault("code", ""));
                if (code == null) {
                    return deny(grant, c.id(), 400, "invalid_grant", "unknown or already used code");
                }
                if (node.sim().now() >= code.expiresNs()) {
                    return deny(grant, c.id(), 400, "invalid_grant", "code expired");
                }
                if (code.client() != c) {
                    return deny(grant, c.id(), 400, "invalid_grant", "code was issued to another client");
                }
                if (!code.redirect().equals(f.get("redirect_uri"))) {
                    return deny(grant, c.id(), 400, "invalid_grant", "redirect_uri differs from the authorization request's");
                }
                String verifier = f.get("code_verifier");
                if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
                    return deny(grant, c.id(), 400, "invalid_grant", "code_verifier missing or malformed (RFC 7636 4.1)");
                }
                if (!pkceMatches(code.method(), code.challenge(), verifier)) {
                    return deny(grant, c.id(), 400, "invalid_grant", "PKCE verification failed: " + code.method()
                            + "(code_verifier) does not equal code_challenge");
                }
                return issue(grant, c, c.user() == null ? c.id() : c.user(), code.scopes());
            }
            default -> {
                return deny(grant, c.id(), 400, grant.isEmpty() ? "invalid_request" : "unsupported_grant_type",
                        grant.isEmpty() ? "grant_type missing" : "grant_type " + grant + " is not supported");
            }
        }
    }

    /** RFC 7636 section 4.6: S256 compares BASE64URL(SHA256(ASCII(verifier))) with the challenge; plain compares them as they are. */
    public static boolean pkceMatches(String method, String challenge, String verifier) {
        if (method.equals("plain")) {
            return challenge.equals(verifier);
        }
        return challenge.equals(s256(verifier));
    }

    /** BASE64URL(SHA256(ASCII(verifier))), without padding. */
    public static String s256(String verifier) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response issue(String grant, Client c, String subject, List<String> scopes) {
        long now = nowMs();
        long lifetimeS = config.lifetimeNs() / Durations.S;
        issued++;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(config.issuer()).subject(subject).audience(c.audience())
                .issueTime(new Date(now / 1000 * 1000)).notBeforeTime(new Date(now / 1000 * 1000))
                .expirationTime(new Date((now / 1000 + lifetimeS) * 1000)).claim("scope", String.join(" ", scopes))
                .claim("client_id", c.id()).jwtID(String.format("%s-%d", node.name(), issued)).build();
        String token = sign(claims);
        if (trace.enabled()) {
            trace.emit(node.name(), AuthEvents.TOKEN, grant, c.id(), subject, String.join(" ", scopes), c.audience(),
                    config.alg().getName(), keys.kid(config.alg()), lifetimeS);
        }
        String body = "{\"access_token\":" + Forms.json(token) + ",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeS
                + ",\"scope\":" + Forms.json(String.join(" ", scopes)) + "}\n";
        return Response.of(200, "application/json", body.getBytes(StandardCharsets.UTF_8)).withHeader("Cache-Control", "no-store");
    }

    /** Signs {@code claims} with the server's key ({@code typ: at+jwt}, its {@code kid}). */
    public String sign(JWTClaimsSet claims) {
        return sign(keys, config.alg(), claims);
    }

    /** Signs {@code claims} with {@code keys}' key for {@code alg}. */
    public static String sign(JwtKeys keys, JWSAlgorithm alg, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt")).keyID(keys.kid(alg)).build(), claims);
        try {
            jwt.sign(keys.signer(alg));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    private Response deny(String grant, String client, int status, String error, String why) {
        if (trace.enabled()) {
            trace.emit(node.name(), AuthEvents.DENY, grant, client, error, why);
        }
        String body = "{\"error\":" + Forms.json(error) + ",\"error_description\":" + Forms.json(why) + "}\n";
        Response r = Response.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8)).withHeader("Cache-Control", "no-store");
        return status == 401 ? r.withHeader("WWW-Authenticate", "Basic realm=\"" + config.issuer() + "\"") : r;
    }
}
