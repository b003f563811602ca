package dev.minternet.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Creates the JDK's SSLContexts for the simulator.
 *
 * <p>Session tickets: the JDK's stateless TLS 1.3 tickets embed wall-clock times and a ticket
 * key, so handshakes are not byte-identical with them (DESIGN.md decision 6). The switch is the
 * system property {@code jdk.tls.server.enableSessionTicketExtension}, which the JDK 17
 * {@code SSLSessionContextImpl} reads when an SSLContext is constructed. Rather than set it for
 * the whole JVM (and for every other test in it), we set it to "false" only around our own
 * {@code SSLContext.getInstance} and restore the previous value at once, under a lock. The
 * server still sends a stateful NewSessionTicket (a 32-byte id drawn from the seeded random), as
 * a JDK server does with the property off; it is deterministic. Another thread creating an
 * SSLContext at the very same moment could see the temporary value: harmless (it only loses
 * stateless tickets) and impossible in the single-threaded simulator.
 */
final class JdkTls {
    static final String SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";
    static final String CLIENT_TICKETS = "jdk.tls.client.enableSessionTicketExtension";
    private static final Object LOCK = new Object();

    private JdkTls() {
    }

    static SSLContext newContext(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        SSLContext ctx;
        synchronized (LOCK) {
            String server = System.getProperty(SERVER_TICKETS);
            String client = System.getProperty(CLIENT_TICKETS);
            System.setProperty(SERVER_TICKETS, "false");
            System.setProperty(CLIENT_TICKETS, "false");
            try {
                ctx = SSLContext.getInstance("TLSv1.3");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no TLS 1.3", e);
            } finally {
                restore(SERVER_TICKETS, server);
                restore(CLIENT_TICKETS, client);
            }
        }
        try {
            ctx.init(km, tm, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise SSLContext", e);
        }
        return ctx;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
