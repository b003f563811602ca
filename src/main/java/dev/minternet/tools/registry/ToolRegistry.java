package dev.minternet.tools.registry;

import dev.minternet.tools.ArpTool;
import dev.minternet.tools.Cat;
import dev.minternet.tools.ConntrackTool;
import dev.minternet.tools.Dig;
import dev.minternet.tools.Getent;
import dev.minternet.tools.Host;
import dev.minternet.tools.Ifconfig;
import dev.minternet.tools.HostnameTool;
import dev.minternet.tools.BridgeTool;
import dev.minternet.tools.IpTool;
import dev.minternet.tools.Ipcalc;
import dev.minternet.tools.Mtr;
import dev.minternet.tools.Iptables;
import dev.minternet.tools.Nc;
import dev.minternet.tools.Telnet;
import dev.minternet.tools.Netstat;
import dev.minternet.tools.Nslookup;
import dev.minternet.tools.Openssl;
import dev.minternet.tools.Ping;
import dev.minternet.tools.Ping6;
import dev.minternet.tools.RedisCli;
import dev.minternet.tools.RouteTool;
import dev.minternet.tools.Rtpstats;
import dev.minternet.tools.Ss;
import dev.minternet.tools.Sysctl;
import dev.minternet.tools.Tail;
import dev.minternet.tools.Tcpdump;
import dev.minternet.tools.Tool;
import dev.minternet.tools.Tracepath;
import dev.minternet.tools.Traceroute;
import dev.minternet.tools.curl.Curl;
import dev.minternet.tools.grpcurl.Grpcurl;
import dev.minternet.tools.mqtt.MosquittoPub;
import dev.minternet.tools.mqtt.MosquittoSub;
import dev.minternet.tools.vtysh.Vtysh;
import dev.minternet.tools.websocat.Websocat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every command available on a node's terminal, listed explicitly (no reflection). */
public final class ToolRegistry {
    private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        register(new Ping());
        register(new Ping6());
        register(new Traceroute());
        register(new Tracepath());
        register(new Tcpdump());
        register(new IpTool());
        register(new BridgeTool());
        register(new Netstat());
        register(new RouteTool());
        register(new ArpTool());
        register(new Ss());
        register(new Nc()); // hands -u to NcUdp
        register(new Telnet());
        register(new Sysctl());
        register(new Iptables());
        register(new Iptables(6)); // ip6tables
        register(new ConntrackTool());
        register(new Dig());
        register(new Nslookup());
        register(new Host());
        register(new Curl());
        register(new RedisCli());
        register(new Openssl());
        register(new Mtr());
        register(new Websocat());
        register(new Vtysh());
        register(new Grpcurl());
        register(new MosquittoPub());
        register(new MosquittoSub());
        register(new Rtpstats());
        register(new Cat());
        register(new Tail());
        register(Tail.head());
        register(new HostnameTool());
        register(new Ipcalc());
        register(new Getent());
        register(new Ifconfig());
        register(new Vtysh());
    }

    private ToolRegistry() {
    }

    public static void register(Tool t) {
        TOOLS.put(t.name(), t);
    }

    public static Tool get(String name) {
        return TOOLS.get(name);
    }

    public static List<Tool> all() {
        return new ArrayList<>(TOOLS.values());
    }

    /**
     * Splits a command line into words the way a POSIX shell would for simple commands: spaces
     * separate words; single and double quotes group; backslash escapes the next character (inside double
     * quotes only before {@code $ ` " \} and a newline: {@code "a\nb"} keeps its backslash, as bash does).
     */
    public static List<String> split(String line) {
        return split(line, null);
    }

    /**
     * The first pipe, redirection or command-list operator outside quotes in {@code line}, as bash
     * would read it ({@code |}, {@code ||}, {@code ;}, {@code <}, {@code >}, {@code >>}, {@code >&},
     * {@code &}, {@code &&}); null when there is none, or when a quote is left open (then
     * {@link #split} says so).
     */
    public static String operator(String line) {
        int[] at = {-1};
        try {
            split(line, at);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int i = at[0];
        if (i < 0) {
            return null;
        }
        char c = line.charAt(i);
        int end = i + 1;
        if (end < line.length() && (line.charAt(end) == c || c == '>' && line.charAt(end) == '&')) {
            end++;
        }
        return line.substring(i, end);
    }

    /** Where the first operator outside quotes starts, or -1 (or when the line does not split). */
    public static int operatorIndex(String line) {
        int[] at = {-1};
        try {
            split(line, at);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return at[0];
    }

    /** Whether bash reads {@code c} outside quotes as (the start of) a pipe, redirection or list operator. */
    public static boolean isOperator(int c) {
        return c == '|' || c == ';' || c == '<' || c == '>' || c == '&';
    }

    /** Splits as the shell does; with {@code operatorAt}, stops at the first operator outside quotes and puts its index there. */
    private static List<String> split(String line, int[] operatorAt) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length() && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                    cur.append(line.charAt(++i)); // in double quotes bash drops a backslash only before $ ` " \ newline
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (operatorAt != null && isOperator(c)) {
                operatorAt[0] = i;
                return out;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in: " + line);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
