package dev.minternet.wire;

/** IPv4 addresses as ints (network byte order read as a big-endian int) and prefixes. */
public final class Ip4 {
    private Ip4() {
    }

    /** Parses dotted quad; throws IllegalArgumentException with a readable reason. */
    public static int parse(String s) {
        String[] p = s.trim().split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
        }
        int v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !digits(part)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
            }
            int o = Integer.parseInt(part);
            if (o > 255) {
                throw new IllegalArgumentException("octet " + o + " out of range in '" + s + "'");
            }
            v = (v << 8) | o;
        }
        return v;
    }

    /** Whether every character is a digit ({@link Character#isDigit}), without a stream (parsed cold by the thousand). */
    private static boolean digits(String part) {
        for (int i = 0; i < part.length(); i++) {
            if (!Character.isDigit(part.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** 127.0.0.0/8, the loopback block (RFC 1122 3.2.1.3): local to every host, never on a wire. */
    public static boolean isLoopback(int a) {
        return (a >>> 24) == 127;
    }

    /** Whether {@code a} is in 224.0.0.0/24, the local network control block (never forwarded). */
    public static boolean isLinkLocalMulticast(int a) {
        return (a & 0xffffff00) == 0xe0000000;
    }

    /** 127.0.0.1, the address of the loopback interface. */
    public static final int LOCALHOST = 0x7f000001;

    public static boolean isAddress(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String str(int a) {
        int slot = (a ^ (a >>> 11) ^ (a >>> 21)) & (NAMES.length - 1);
        Named n = NAMES[slot];
        if (n != null && n.address == a) {
            return n.text;
        }
        String text = (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        NAMES[slot] = new Named(a, text);
        return text;
    }

    /**
     * The dotted forms written last, one per slot (a direct-mapped cache): the trace writes the
     * same few addresses on every packet. An entry is immutable, so threads that race on a slot
     * only ever read a whole entry, and a miss just builds the string again.
     */
    private static final Named[] NAMES = new Named[1024];

    private record Named(int address, String text) {
    }

    public static int mask(int len) {
        return len == 0 ? 0 : (int) (0xffffffffL << (32 - len));
    }

    public static boolean inPrefix(int addr, int prefix, int len) {
        return ((addr ^ prefix) & mask(len)) == 0;
    }

    /** An address with its prefix length, e.g. 192.168.1.10/24. */
    public record Cidr(int address, int length) {
        // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr o && address == o.address && length == o.length;
        }

        @Override
        public int hashCode() {
            return 31 * Integer.hashCode(address) + Integer.hashCode(length);
        }

        public Cidr {
            if (length < 0 || length > 32) {
                throw new IllegalArgumentException("prefix length " + length + " out of range 0-32");
            }
        }

        public static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("expected address/prefix-length, e.g. 10.0.0.1/24, got '" + s + "'");
            }
            String lenStr = s.substring(slash + 1).trim();
            if (lenStr.isEmpty() || !lenStr.chars().allMatch(Character::isDigit) || lenStr.length() > 2) {
                throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            }
            int len = Integer.parseInt(lenStr);
            if (len > 32) {
                throw new IllegalArgumentException("prefix length " + len + " out of range 0-32 in '" + s + "'");
            }
            return new Cidr(Ip4.parse(s.substring(0, slash)), len);
        }

        public int network() {
            return address & mask(length);
        }

        public int broadcast() {
            return network() | ~mask(length);
        }

        public boolean contains(int a) {
            return inPrefix(a, address, length);
        }

        @Override
        public String toString() {
            return str(address) + "/" + length;
        }

        public String networkString() {
            return str(network()) + "/" + length;
        }
    }
}
