package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * Per-socket TCP settings, ns-3 attribute style: every parameter has a name, a default and the
 * reason for the default. A socket copies the stack's config when created, so changing one
 * socket's settings never affects another.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>setting</th><th>default</th><th>why</th></tr>
 * <tr><td>receive buffer</td><td>tcp_rmem 4096 131072 6291456, autotuned</td><td>Linux's defaults; the
 * window is half the buffer (tcp_adv_win_scale 1) and tcp_moderate_rcvbuf grows it</td></tr>
 * <tr><td>send buffer</td><td>128 KiB, growing to 2 cwnd up to 4 MiB</td><td>Linux tcp_sndbuf_expand, tcp_wmem[2]</td></tr>
 * <tr><td>moderateRcvbuf, hystart</td><td>true</td><td>Linux 6.x defaults (tcp_moderate_rcvbuf, tcp_cubic's
 * hystart)</td></tr>
 * <tr><td>hystartDetect, hystartPlusPlus</td><td>3, false</td><td>tcp_cubic's hystart_detect (ACK train and
 * delay); mainline Linux runs the original HyStart, not RFC 9406's HyStart++</td></tr>
 * <tr><td>tsoDefer</td><td>true</td><td>Linux sends TSO/GSO packets of about 1 ms of the pacing rate
 * and waits for the next ACK rather than send a smaller one (tcp_tso_autosize, tcp_tso_should_defer)</td></tr>
 * <tr><td>recovery, earlyRetrans</td><td>1, 3</td><td>Linux tcp_recovery (RACK loss detection, RFC 8985) and
 * tcp_early_retrans (tail loss probes)</td></tr>
 * <tr><td>noDelay</td><td>false</td><td>Nagle on by default (RFC 1122 4.2.3.4)</td></tr>
 * <tr><td>releaseIdleSendBuffer</td><td>false</td><td>a simulation setting, no wire effect: let the send
 * ring of any size go once all of it is acknowledged (Linux frees each sk_buff when acknowledged);
 * by default only rings up to 4 KiB are, so a bulk sender does not reallocate its ring</td></tr>
 * <tr><td>congestionControl</td><td>CUBIC</td><td>the Linux default (RFC 9438)</td></tr>
 * <tr><td>sack, timestamps, windowScaling</td><td>true</td><td>Linux offers all three in its SYN</td></tr>
 * <tr><td>timeWait</td><td>60 s</td><td>2*MSL as Linux TCP_TIMEWAIT_LEN</td></tr>
 * <tr><td>finTimeout</td><td>60 s</td><td>Linux tcp_fin_timeout for closed sockets in FIN-WAIT-2</td></tr>
 * <tr><td>delayedAck</td><td>40 ms</td><td>Linux TCP_DELACK_MIN; RFC 5681 4.2 requires under 500 ms</td></tr>
 * <tr><td>synRetries / synAckRetries</td><td>6 / 5</td><td>Linux tcp_syn_retries / tcp_synack_retries</td></tr>
 * <tr><td>maxRetries</td><td>15</td><td>Linux tcp_retries2 (RFC 1122 4.2.3.5 R2 of at least 100 s)</td></tr>
 * <tr><td>syncookies</td><td>1</td><td>Linux tcp_syncookies: cookies only when a SYN queue overflows (RFC 4987 3.6)</td></tr>
 * <tr><td>maxSynBacklog</td><td>1024</td><td>Linux tcp_max_syn_backlog, sized at boot from memory (128 to
 * thousands); 1024 is a small server's value</td></tr>
 * <tr><td>somaxconn</td><td>4096</td><td>Linux net.core.somaxconn since 5.4: the cap on a listen() backlog</td></tr>
 * </table>
 */
public final class TcpConfig {
    /** RFC 6928: an initial window of 10 segments, the Linux default since 2.6.39. */
    public static final int INITIAL_CWND_SEGMENTS = 10;
    /** Linux TCP_DELACK_MIN; RFC 5681 4.2 requires the delay to stay under 500 ms. */
    public static final long DELAYED_ACK = 40 * Durations.MS;
    /** RFC 9293 3.4 suggests MSL = 2 minutes; Linux waits a fixed 60 s (TCP_TIMEWAIT_LEN). */
    public static final long TIME_WAIT = 60 * Durations.S;
    /** Linux tcp_fin_timeout: how long a closed connection waits in FIN-WAIT-2 for the peer's FIN. */
    public static final long FIN_TIMEOUT = 60 * Durations.S;
    /** Linux tcp_syn_retries: with 1 s initial RTO and doubling, a connect gives up after 127 s. */
    public static final int SYN_RETRIES = 6;
    /** Linux tcp_synack_retries. */
    public static final int SYNACK_RETRIES = 5;
    /** Linux tcp_retries2: about 15 minutes of backed-off retransmissions before giving up. */
    public static final int MAX_RETRIES = 15;
    /** RFC 9293 3.7.1: the send MSS to assume when the peer sent no MSS option. */
    public static final int DEFAULT_MSS = 536;
    /** Linux tcp_rmem[1] and the ns-3 default. */
    public static final int DEFAULT_BUFFER = 128 * 1024;
    /** Linux tcp_rmem[1]: a new socket's receive buffer, in bytes of memory (half of it is window). */
    public static final int RMEM_DEFAULT = 131072;
    /** Linux tcp_rmem[2]: how far receive-buffer autotuning may grow it. */
    public static final int RMEM_MAX = 6 * 1024 * 1024;
    /** Linux tcp_wmem[2]: how far send-buffer autotuning (tcp_sndbuf_expand) may grow it. */
    public static final int WMEM_MAX = 4 * 1024 * 1024;
    /** Linux TCP_RACK_LOSS_DETECTION, bit 0 of tcp_recovery: RACK (RFC 8985) marks losses. */
    public static final int RECOVERY_RACK = 0x1;
    /** Linux TCP_RACK_STATIC_REO_WND, bit 1 of tcp_recovery: DSACKs do not widen RACK's reordering window. */
    public static final int RECOVERY_STATIC_REO_WND = 0x2;
    /** Linux TCP_RACK_NO_DUPTHRESH, bit 2 of tcp_recovery: RACK keeps its reordering window after DupThresh SACKs. */
    public static final int RECOVERY_NO_DUPTHRESH = 0x4;
    /** Linux net.ipv4.tcp_syncookies default: send cookies when the SYN queue overflows. */
    public static final int SYNCOOKIES = 1;
    /** Linux net.ipv4.tcp_max_syn_backlog as a host with about 1 GB of memory sizes it. */
    public static final int MAX_SYN_BACKLOG = 1024;
    /** Linux net.core.somaxconn since 5.4 (128 before). */
    public static final int SOMAXCONN = 4096;
    /** RFC 5681 3.2: three duplicate ACKs signal a loss. */
    public static final int DUP_THRESH = 3;

    private int sendBuffer = DEFAULT_BUFFER;
    private int receiveBuffer = DEFAULT_BUFFER;
    /** SO_SNDBUF / SO_RCVBUF was set: the size is fixed, autotuning off (Linux SOCK_*BUF_LOCK). */
    private boolean sendBufferLocked;
    private boolean receiveBufferLocked;
    private int rmemDefault = RMEM_DEFAULT;
    private int rmemMax = RMEM_MAX;
    private int wmemMax = WMEM_MAX;
    private boolean moderateRcvbuf = true;
    private boolean hystart = true;
    private int hystartDetect = LinuxHyStart.ACK_TRAIN | LinuxHyStart.DELAY;
    private boolean hystartPlusPlus;
    private boolean tsoDefer = true;
    private int recovery = RECOVERY_RACK;
    private int earlyRetrans = 3;
    private boolean noDelay;
    private boolean releaseIdleSendBuffer;
    private CongestionAlgorithm congestionControl = CongestionAlgorithm.CUBIC;
    private boolean sack = true;
    private boolean timestamps = true;
    private boolean windowScaling = true;
    private long timeWait = TIME_WAIT;
    private long finTimeout = FIN_TIMEOUT;
    private long delayedAck = DELAYED_ACK;
    private int synRetries = SYN_RETRIES;
    private int synAckRetries = SYNACK_RETRIES;
    private int maxRetries = MAX_RETRIES;
    private int mss;
    private int syncookies = SYNCOOKIES;
    private int maxSynBacklog = MAX_SYN_BACKLOG;
    private int somaxconn = SOMAXCONN;

    public TcpConfig copy() {
        TcpConfig c = new TcpConfig();
        c.sendBuffer = sendBuffer;
        c.receiveBuffer = receiveBuffer;
        c.sendBufferLocked = sendBufferLocked;
        c.receiveBufferLocked = receiveBufferLocked;
        c.rmemDefault = rmemDefault;
        c.rmemMax = rmemMax;
        c.wmemMax = wmemMax;
        c.moderateRcvbuf = moderateRcvbuf;
        c.hystart = hystart;
        c.hystartDetect = hystartDetect;
        c.hystartPlusPlus = hystartPlusPlus;
        c.tsoDefer = tsoDefer;
        c.recovery = recovery;
        c.earlyRetrans = earlyRetrans;
        c.noDelay = noDelay;
        c.releaseIdleSendBuffer = releaseIdleSendBuffer;
        c.congestionControl = congestionControl;
        c.sack = sack;
        c.timestamps = timestamps;
        c.windowScaling = windowScaling;
        c.timeWait = timeWait;
        c.finTimeout = finTimeout;
        c.delayedAck = delayedAck;
        c.synRetries = synRetries;
        c.synAckRetries = synAckRetries;
        c.maxRetries = maxRetries;
        c.mss = mss;
        c.syncookies = syncookies;
        c.maxSynBacklog = maxSynBacklog;
        c.somaxconn = somaxconn;
        return c;
    }

    /** The send buffer a new socket starts with, in payload bytes. */
    public int sendBuffer() {
        return sendBuffer;
    }

    /** Send buffer size in payload bytes (SO_SNDBUF): fixes the size, no autotuning. */
    public TcpConfig sendBuffer(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("send buffer must be positive");
        }
        this.sendBuffer = bytes;
        this.sendBufferLocked = true;
        return this;
    }

    public boolean sendBufferLocked() {
        return sendBufferLocked;
    }

    /** Linux tcp_wmem "min default max": the initial send buffer and how far it may grow. */
    public TcpConfig wmem(int initial, int max) {
        if (initial < 1 || max < initial) {
            throw new IllegalArgumentException("tcp_wmem needs 0 < default <= max");
        }
        this.sendBuffer = initial;
        this.wmemMax = max;
        this.sendBufferLocked = false;
        return this;
    }

    public int wmemMax() {
        return wmemMax;
    }

    /**
     * The payload bytes a new socket's receive buffer holds: the SO_RCVBUF value when set, else
     * half of tcp_rmem[1] (Linux offers half the buffer's memory as window, tcp_adv_win_scale 1).
     */
    public int receiveBuffer() {
        return receiveBufferLocked ? receiveBuffer : rmemDefault / 2;
    }

    /** Receive buffer size in payload bytes (SO_RCVBUF); bounds the advertised window, no autotuning. */
    public TcpConfig receiveBuffer(int bytes) {
        if (bytes < 1 || bytes > (1 << 30)) {
            throw new IllegalArgumentException("receive buffer must be between 1 byte and 1 GiB");
        }
        this.receiveBuffer = bytes;
        this.receiveBufferLocked = true;
        return this;
    }

    public boolean receiveBufferLocked() {
        return receiveBufferLocked;
    }

    /** Linux tcp_rmem "min default max" in bytes of buffer memory (the window is half of it). */
    public TcpConfig rmem(int initial, int max) {
        if (initial < 2 || max < initial || max > (1 << 30)) {
            throw new IllegalArgumentException("tcp_rmem needs 0 < default <= max <= 1 GiB");
        }
        this.rmemDefault = initial;
        this.rmemMax = max;
        this.receiveBufferLocked = false;
        return this;
    }

    public int rmemDefault() {
        return rmemDefault;
    }

    public int rmemMax() {
        return rmemMax;
    }

    public boolean moderateRcvbuf() {
        return moderateRcvbuf;
    }

    /** Linux tcp_moderate_rcvbuf: receive-buffer autotuning (tcp_rcv_space_adjust). */
    public TcpConfig moderateRcvbuf(boolean on) {
        this.moderateRcvbuf = on;
        return this;
    }

    public boolean hystart() {
        return hystart;
    }

    /** HyStart in CUBIC's slow start (Linux's tcp_cubic {@code hystart} module parameter, 1 by default). */
    public TcpConfig hystart(boolean on) {
        this.hystart = on;
        return this;
    }

    public int hystartDetect() {
        return hystartDetect;
    }

    /**
     * Linux's tcp_cubic {@code hystart_detect}: which of HyStart's signals end slow start, 1 the
     * ACK train, 2 the delay increase, 3 both (the default), 0 neither.
     */
    public TcpConfig hystartDetect(int bits) {
        if (bits < 0 || bits > 3) {
            throw new IllegalArgumentException("hystart_detect must be 0 to 3, not " + bits);
        }
        this.hystartDetect = bits;
        return this;
    }

    public boolean hystartPlusPlus() {
        return hystartPlusPlus;
    }

    /**
     * RFC 9406 HyStart++ (delay increase, then 5 rounds of Conservative Slow Start) in place of
     * Linux's HyStart; off by default, as mainline Linux 6.x has no HyStart++.
     */
    public TcpConfig hystartPlusPlus(boolean on) {
        this.hystartPlusPlus = on;
        return this;
    }

    public boolean tsoDefer() {
        return tsoDefer;
    }

    /**
     * Whether new data leaves in TSO/GSO-sized bursts as Linux's tcp_write_xmit sends it
     * (tcp_tso_autosize, tcp_tso_should_defer); false sends each segment as soon as cwnd allows,
     * as with {@code ethtool -K eth0 tso off gso off}.
     */
    public TcpConfig tsoDefer(boolean on) {
        this.tsoDefer = on;
        return this;
    }

    /** Linux net.ipv4.tcp_recovery: bit 0 RACK loss detection (RFC 8985), bits 1 and 2 its options. */
    public int recovery() {
        return recovery;
    }

    /** Sets tcp_recovery (0 turns RACK off: losses are found by DupThresh, RFC 6675). */
    public TcpConfig recovery(int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("tcp_recovery must not be negative");
        }
        this.recovery = bits;
        return this;
    }

    /** Whether RACK loss detection is on (tcp_recovery bit 0). */
    public boolean rack() {
        return (recovery & RECOVERY_RACK) != 0;
    }

    /** Linux net.ipv4.tcp_early_retrans: 3 and 4 send tail loss probes (RFC 8985 7). */
    public int earlyRetrans() {
        return earlyRetrans;
    }

    /** Sets tcp_early_retrans, 0 to 4 as Linux accepts; TLP is on for 3 and 4 (tcp_schedule_loss_probe). */
    public TcpConfig earlyRetrans(int v) {
        if (v < 0 || v > 4) {
            throw new IllegalArgumentException("tcp_early_retrans must be 0 to 4");
        }
        this.earlyRetrans = v;
        return this;
    }

    /** Whether tail loss probes are on. */
    public boolean tlp() {
        return earlyRetrans == 3 || earlyRetrans == 4;
    }

    public boolean noDelay() {
        return noDelay;
    }

    /** TCP_NODELAY: disables Nagle's algorithm. */
    public TcpConfig noDelay(boolean on) {
        this.noDelay = on;
        return this;
    }

    public boolean releaseIdleSendBuffer() {
        return releaseIdleSendBuffer;
    }

    /**
     * Lets the send ring go whenever all of it is acknowledged, whatever its size: for a sender
     * that writes in bursts and then idles for long (a BGP speaker's table dump, then an UPDATE now
     * and then), whose ring otherwise stays at the dump's size. Changes no byte on the wire.
     */
    public TcpConfig releaseIdleSendBuffer(boolean on) {
        this.releaseIdleSendBuffer = on;
        return this;
    }

    public CongestionAlgorithm congestionControl() {
        return congestionControl;
    }

    public TcpConfig congestionControl(CongestionAlgorithm cc) {
        this.congestionControl = cc;
        return this;
    }

    public boolean sack() {
        return sack;
    }

    public TcpConfig sack(boolean on) {
        this.sack = on;
        return this;
    }

    public boolean timestamps() {
        return timestamps;
    }

    public TcpConfig timestamps(boolean on) {
        this.timestamps = on;
        return this;
    }

    public boolean windowScaling() {
        return windowScaling;
    }

    public TcpConfig windowScaling(boolean on) {
        this.windowScaling = on;
        return this;
    }

    public long timeWait() {
        return timeWait;
    }

    /** TIME-WAIT duration in ns (2*MSL). */
    public TcpConfig timeWait(long ns) {
        this.timeWait = ns;
        return this;
    }

    public long finTimeout() {
        return finTimeout;
    }

    /** How long a closed connection may stay in FIN-WAIT-2 (Linux tcp_fin_timeout), in ns. */
    public TcpConfig finTimeout(long ns) {
        this.finTimeout = ns;
        return this;
    }

    public long delayedAck() {
        return delayedAck;
    }

    /** Delayed-ACK timeout in ns; 0 acknowledges every segment at once. */
    public TcpConfig delayedAck(long ns) {
        this.delayedAck = ns;
        return this;
    }

    public int synRetries() {
        return synRetries;
    }

    public TcpConfig synRetries(int n) {
        this.synRetries = n;
        return this;
    }

    public int synAckRetries() {
        return synAckRetries;
    }

    public TcpConfig synAckRetries(int n) {
        this.synAckRetries = n;
        return this;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public TcpConfig maxRetries(int n) {
        this.maxRetries = n;
        return this;
    }

    public int mss() {
        return mss;
    }

    /** MSS to advertise (TCP_MAXSEG); 0 derives it from the egress MTU (MTU - 40). */
    public TcpConfig mss(int bytes) {
        this.mss = bytes;
        return this;
    }

    /**
     * Linux net.ipv4.tcp_syncookies: 0 never (a full SYN queue drops SYNs), 1 only when a
     * listener's SYN queue is full, 2 always. Read from the stack's defaults at each SYN.
     */
    public int syncookies() {
        return syncookies;
    }

    public TcpConfig syncookies(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("tcp_syncookies must be 0, 1 or 2");
        }
        this.syncookies = mode;
        return this;
    }

    /**
     * Linux net.ipv4.tcp_max_syn_backlog: without cookies, once a SYN queue holds more than
     * three quarters of this many requests, new SYNs are dropped (tcp_conn_request).
     */
    public int maxSynBacklog() {
        return maxSynBacklog;
    }

    public TcpConfig maxSynBacklog(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("tcp_max_syn_backlog must be positive");
        }
        this.maxSynBacklog = n;
        return this;
    }

    /** Linux net.core.somaxconn: listen() caps its backlog at this. */
    public int somaxconn() {
        return somaxconn;
    }

    public TcpConfig somaxconn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("somaxconn must be positive");
        }
        this.somaxconn = n;
        return this;
    }
}
