package dev.minternet.scenario;

import com.nimbusds.jose.JWSAlgorithm;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.gateway.AuthServer;
import dev.minternet.services.gateway.Gateways;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code type: auth}: an OAuth 2.0 authorization server on port 80 (443 with {@code tls})
 * issuing JWTs as {@code issuer} (http://NODE) signed with {@code alg} (ES256 or EdDSA; ES256),
 * valid {@code token-lifetime} (1h), to its {@code clients} (id, secret, scopes, audience, user);
 * {@code users} (name, password, scopes, audience) may log in at /login for a session cookie.
 * See docs/gateway.md.
 */
final class AuthServiceType extends ServiceType<AuthServiceType.AuthSpec> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    /** An authorization server. */
    record AuthSpec(int port, boolean tls, List<String> names, String issuer, JWSAlgorithm alg, long lifetimeNs,
                    List<AuthServer.Client> clients, List<AuthServer.User> users, Loc loc) implements ServiceSpec {
    }

    AuthServiceType() {
        super("auth", AuthSpec.class, "port", "tls", "names", "issuer", "alg", "token-lifetime", "clients", "users");
    }

    @Override
    AuthSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        String issuer = o.opt("issuer", null, x -> {
            String t = x.text().strip();
            if (!t.matches("https?://[^\\s\"]+")) {
                throw x.error("an issuer is an http or https URL, e.g. https://auth.example.com");
            }
            return t;
        });
        JWSAlgorithm alg = o.opt("alg", JWSAlgorithm.ES256, x -> JWSAlgorithm.parse(x.choice(List.of("ES256", "EdDSA"))));
        long life = o.opt("token-lifetime", 3600 * Durations.S, x -> {
            long ns = Fields.positive(x);
            if (ns % Durations.S != 0) {
                throw x.error("a token lifetime is whole seconds (exp counts seconds)");
            }
            return ns;
        });
        List<AuthServer.Client> clients = new ArrayList<>();
        Val cl = o.req("clients", "a list of {id, secret, scopes, audience}");
        for (Val c : cl.list()) {
            Obj co = c.obj("id", "secret", "scopes", "audience", "user");
            String id = co.req("id", "the client_id").text().strip();
            if (!ID.matcher(id).matches()) {
                throw co.raw("id").error("a client_id is 1-64 of letters, digits and -._~");
            }
            for (AuthServer.Client other : clients) {
                if (other.id().equals(id)) {
                    throw co.raw("id").error("duplicate client id '" + id + "'");
                }
            }
            String secret = co.opt("secret", null, x -> {
                String t = x.text().strip();
                if (!ID.matcher(t).matches()) {
                    throw x.error("a secret is 1-64 of letters, digits and -._~");
                }
                return t;
            });
            List<String> scopes = new ArrayList<>();
            for (Val s : co.list("scopes")) {
                String t = s.text().strip();
                if (!SCOPE.matcher(t).matches()) {
                    throw s.error("a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749 section 3.3)");
                }
                scopes.add(t);
            }
            String aud = co.req("audience", "the API the tokens are for, e.g. https://api.example.com").text().strip();
            String user = co.opt("user", null, x -> x.text().strip());
            clients.add(new AuthServer.Client(id, secret, List.copyOf(scopes), aud, user));
        }
        if (clients.isEmpty()) {
            throw cl.error("needs at least one client");
        }
        List<AuthServer.User> users = new ArrayList<>();
        for (Val u : o.list("users")) {
            Obj uo = u.obj("name", "password", "scopes", "audience");
            String name = uo.req("name", "the user name").text().strip();
            if (!ID.matcher(name).matches()) {
                throw uo.raw("name").error("a user name is 1-64 of letters, digits and -._~");
            }
            for (AuthServer.User other : users) {
                if (other.name().equals(name)) {
                    throw uo.raw("name").error("duplicate user '" + name + "'");
                }
            }
            String password = uo.req("password", "the user's password").text();
            if (password.isEmpty()) {
                throw uo.raw("password").error("a password is not empty");
            }
            List<String> scopes = new ArrayList<>();
            for (Val s : uo.list("scopes")) {
                String t = s.text().strip();
                if (!SCOPE.matcher(t).matches()) {
                    throw s.error("a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749 section 3.3)");
                }
                scopes.add(t);
            }
            String aud = uo.req("audience", "the API the session is for, e.g. https://api.example.com").text().strip();
            users.add(new AuthServer.User(name, password, List.copyOf(scopes), aud));
        }
        return new AuthSpec(port, tls, Fields.names(o), issuer, alg, life, List.copyOf(clients), List.copyOf(users), o.loc());
    }

    @Override
    void start(AuthSpec a, Host on) {
        String issuer = a.issuer() != null ? a.issuer() : (a.tls() ? "https://" : "http://") + on.node().name();
        AuthServer s = new AuthServer(on.node(), a.port(), on.identities(a.tls(), a.names()),
                new AuthServer.Config(issuer, a.alg(), a.lifetimeNs(), a.clients(), a.users()));
        Gateways.of(on.world()).putAuth(on.node().name(), s);
    }

    @Override
    String summary(AuthSpec a) {
        return "port " + a.port() + (a.tls() ? " (TLS)" : "") + ", " + a.alg().getName() + " tokens for " + a.clients().size() + " client"
                + (a.clients().size() == 1 ? "" : "s");
    }

    @Override
    String scheme(AuthSpec a) {
        return a.tls() ? "https" : "http";
    }
}
