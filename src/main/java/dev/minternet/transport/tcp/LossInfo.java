package dev.minternet.transport.tcp;

/**
 * The loss-detection figures of one connection that Linux's {@code struct tcp_info} reports and
 * {@code ss -i} prints: segments now lost and SACKed ({@code tcpi_lost}, {@code tcpi_sacked}),
 * DSACKed duplicates ({@code tcpi_dsack_dups}), the reordering degree and how often reordering
 * was seen ({@code tcpi_reordering}, {@code tcpi_reord_seen}), segments received out of order
 * ({@code tcpi_rcv_ooopack}), and the tail loss probes sent (Linux's TCPLossProbes counter) and
 * the losses they repaired (TCPLossProbeRecovery).
 */
public record LossInfo(int lost, int sacked, long dsackDups, int reordering, long reordSeen, long rcvOooPack,
                       long lossProbes, long lossProbeRecoveries) {
    /** The connection's figures now. */
    public static LossInfo of(TcpConnection c) {
        return c.recovery.lossInfo(c.smss, c.rcv.oooPackets);
    }
}
