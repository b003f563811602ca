package dev.minternet.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's certificates, chosen by SNI: the first identity whose leaf names the requested
 * server name, else the first identity (as nginx falls back to its default server). Aliases are
 * the identities' indexes.
 */
final class SimKeyManager extends X509ExtendedKeyManager {
    private final List<TlsIdentity> identities;

    SimKeyManager(List<TlsIdentity> identities) {
        this.identities = List.copyOf(identities);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String sni = requestedName(engine == null ? null : engine.getHandshakeSession());
        String fallback = null;
        for (int i = 0; i < identities.size(); i++) {
            TlsIdentity id = identities.get(i);
            if (!keyTypeMatches(keyType, id.privateKey())) {
                continue;
            }
            if (sni != null && HostnameMatcher.matches(id.leaf(), sni)) {
                return Integer.toString(i);
            }
            if (fallback == null) {
                fallback = Integer.toString(i);
            }
        }
        return fallback;
    }

    static String requestedName(SSLSession s) {
        if (s instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return ((SNIHostName) n).getAsciiName();
                }
            }
        }
        return null;
    }

    private static boolean keyTypeMatches(String keyType, PrivateKey key) {
        if (keyType == null) {
            return true;
        }
        String alg = key.getAlgorithm();
        return keyType.equalsIgnoreCase(alg)
                || (alg.equalsIgnoreCase("EdDSA") && (keyType.equalsIgnoreCase("Ed25519") || keyType.equalsIgnoreCase("EdDSA")));
    }

    private TlsIdentity byAlias(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < identities.size() ? identities.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsIdentity id = byAlias(alias);
        return id == null ? null : id.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsIdentity id = byAlias(alias);
        return id == null ? null : id.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
