package dev.minternet.http;

import dev.minternet.sim.Recent;
import java.util.List;
import java.util.Locale;

/**
 * The server's choice of a content coding from {@code Accept-Encoding} (RFC 9110 section
 * 12.5.3): each listed coding has a weight ({@code ;q=}, section 12.4.2: 0 to 1 with at most
 * three decimals, 1 when absent); {@code *} weighs every coding not listed; a weight of 0 means
 * "not acceptable". The offered coding with the highest weight wins, ties going to the
 * server's order; when none has a weight above 0 the body goes as it is (identity: the server
 * never answers 406 for an encoding, as nginx and Apache do not). {@code x-gzip} is {@code gzip}
 * (section 8.4.1.3). A request without the field gets identity, as from nginx.
 *
 * <p>Offered: Brotli ({@code br}) first, then gzip, as nginx with ngx_brotli beside {@code gzip
 * on} (Brotli takes precedence when a client accepts both). Brotli comes from brotli4j's native
 * library, shipped for Linux and macOS on x86-64 and ARM; on another platform the server offers
 * gzip only.
 */
public final class AcceptEncoding {
    /** The codings the server can produce, most preferred first (looked up on first use: loading Brotli's native library costs start-up time). */
    public static List<String> offered() {
        return Offered.CODINGS;
    }

    /** Whether Brotli's encoder and decoder are available here. */
    public static boolean brotli() {
        return Offered.BROTLI;
    }

    private static final class Offered {
        static final boolean BROTLI = io.netty.handler.codec.compression.Brotli.isAvailable();
        static final List<String> CODINGS = BROTLI ? List.of("br", "gzip") : List.of("gzip");
    }

    private AcceptEncoding() {
    }

    /** The coding to use for {@code header} among {@code offered}, or null for identity. */
    public static String choose(String header, List<String> offered) {
        if (header == null) {
            return null;
        }
        return CHOSEN.get(new Offer(header, offered), o -> weigh(o.header, o.offered));
    }

    /**
     * The last choices, by header and offer: every browser sends the same Accept-Encoding, and
     * splitting it for each response was most of a response's header work.
     */
    private static final Recent<Offer, String> CHOSEN = new Recent<>(16);

    private record Offer(String header, List<String> offered) {
    }

    private static String weigh(String header, List<String> offered) {
        String best = null;
        int bestQ = 0;
        for (String coding : offered) {
            int q = weight(header, coding);
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /** The weight (in thousandths) {@code header} gives {@code coding}: its own, else {@code *}'s, else 0. */
    static int weight(String header, String coding) {
        int own = -1;
        int star = -1;
        for (String element : header.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("x-gzip")) {
                name = "gzip";
            }
            int q = 1000;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    q = qvalue(p.substring(2).trim());
                }
            }
            if (name.equals(coding)) {
                own = Math.max(own, q);
            } else if (name.equals("*")) {
                star = Math.max(star, q);
            }
        }
        return own >= 0 ? own : Math.max(star, 0);
    }

    /** RFC 9110 section 12.4.2's qvalue. */
    private static final java.util.regex.Pattern QVALUE = java.util.regex.Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    /** A qvalue in thousandths; a malformed one counts as 0 (not acceptable). */
    static int qvalue(String s) {
        if (!QVALUE.matcher(s).matches()) {
            return 0;
        }
        if (s.charAt(0) == '1') {
            return 1000;
        }
        String frac = s.length() > 2 ? s.substring(2) : "";
        frac = (frac + "000").substring(0, 3);
        return Integer.parseInt(frac);
    }
}
