package dev.minternet.services.web;

import dev.minternet.node.World;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.tls.WorldPki;
import dev.minternet.tls.WorldTls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server certificates of a world, by host name: what the scenario's {@code tls:} section
 * asked for (valid, expired, for the wrong name, or from an untrusted CA, for demos), and a
 * valid leaf from the world's issuing CA for any other name a TLS service serves.
 */
public final class Certificates {
    /** How a scenario wants a certificate minted. */
    public enum Status {
        VALID, EXPIRED, WRONG_NAME, UNTRUSTED;

        /** The scenario spelling: valid, expired, wrong-name, untrusted. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The name a {@link Status#WRONG_NAME} certificate is issued for instead. */
    public static final String WRONG_NAME = "wrong-host.invalid";

    private final WorldPki pki;
    private final Map<String, Status> wanted = new HashMap<>();
    private final Map<String, List<String>> groups = new HashMap<>();
    private final Map<String, TlsIdentity> minted = new HashMap<>();
    /** Node name, then host name: the identity a TLS service on that node serves for the name. */
    private final Map<String, Map<String, TlsIdentity>> served = new HashMap<>();

    private Certificates(WorldPki pki) {
        this.pki = pki;
    }

    public static Certificates of(World w) {
        return w.attachment(Certificates.class, () -> new Certificates(WorldTls.of(w).pki()));
    }

    /** Asks for one certificate covering {@code names} (the first is the subject), minted as {@code status}. */
    public void declare(List<String> names, Status status) {
        for (String n : names) {
            wanted.put(n, status);
            groups.put(n, List.copyOf(names));
        }
    }

    /** The identities a server for {@code names} presents (one per distinct certificate), in order. */
    public List<TlsIdentity> identities(List<String> names) {
        List<TlsIdentity> out = new ArrayList<>();
        for (String n : names) {
            TlsIdentity id = identity(n);
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * The identities a TLS service on {@code node} presents for {@code names} ({@link #identities}),
     * remembered so that tools on the node can read them ({@code openssl x509}).
     */
    public List<TlsIdentity> serve(String node, List<String> names) {
        Map<String, TlsIdentity> byName = served.computeIfAbsent(node, n -> new HashMap<>());
        for (String n : names) {
            byName.put(n, identity(n));
        }
        return identities(names);
    }

    /** The identity a TLS service on {@code node} serves for {@code name}, or null. */
    public TlsIdentity served(String node, String name) {
        return served.getOrDefault(node, Map.of()).get(name);
    }

    /** The identity (leaf, chain, key) a server for {@code name} presents. */
    public TlsIdentity identity(String name) {
        return minted.computeIfAbsent(name, n -> {
            List<String> names = groups.getOrDefault(n, List.of(n));
            TlsIdentity same = minted.get(names.get(0));
            if (same != null) {
                return same;
            }
            String[] a = names.toArray(new String[0]);
            return switch (wanted.getOrDefault(n, Status.VALID)) {
                case VALID -> pki.leaf(a);
                case EXPIRED -> pki.expiredLeaf(a);
                case WRONG_NAME -> pki.leaf(WRONG_NAME);
                case UNTRUSTED -> pki.untrustedLeaf(a);
            };
        });
    }
}
