package dev.minternet.services.lb;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An autoscaling group behind a {@link LoadBalancer}: its instances are backends of the balancer, the first
 * {@code min} in service from the start and the others standby (pre-declared nodes, powered off as far as the
 * balancer knows: no requests, no health checks).
 *
 * <p>Every second it samples the requests in flight per in-service instance (the balancer's count, which is the
 * instance's queue plus its busy workers); every {@code interval} it averages the samples of the period and
 * decides, as a step scaling policy with cooldowns does:
 * <ul>
 *   <li>above {@code scaleOutAbove}, with fewer than {@code max} instances in service or booting, and at least
 *       {@code cooldownOut} after the previous scale-out: one standby instance boots. After {@code boot} it is
 *       registered with the balancer, which takes it in after {@code rise} good health checks;</li>
 *   <li>below {@code scaleInBelow}, with more than {@code min} in service, none booting, and at least
 *       {@code cooldownIn} after the previous scaling of either kind: the newest instance is drained (no new
 *       requests) and leaves the group once its requests are done (checked each second).</li>
 * </ul>
 * Modelled, not real: an instance's boot is a delay (its node runs all along, unreachable through the
 * balancer until registered); one instance per decision.
 */
public final class Autoscaler {
    /** The group's policy. */
    public record Policy(int min, int max, double scaleOutAbove, double scaleInBelow, long bootNs, long cooldownOutNs,
                         long cooldownInNs, long intervalNs) {
    }

    /** Each evaluation as a line on the balancer's node: second, metric, instances in service, booting. */
    public static final String CSV = "/var/log/autoscale/group.csv";

    /** The sampling period of the metric. */
    public static final long SAMPLE_NS = Durations.S;

    private final LoadBalancer lb;
    private final Node node;
    private final Trace trace;
    private final Policy policy;
    private final List<String> group;
    private final List<String> booting = new ArrayList<>();
    /** In service or booting, in the order they joined. */
    private final List<String> members = new ArrayList<>();
    private double sum;
    private int samples;
    private long lastOut = Long.MIN_VALUE / 2;
    private long lastScale = Long.MIN_VALUE / 2;

    public Autoscaler(LoadBalancer lb, Node node, Policy policy, List<String> group) {
        this.lb = lb;
        this.node = node;
        this.trace = node.trace();
        this.policy = policy;
        this.group = List.copyOf(group);
        dev.minternet.node.NodeFiles.of(node).write(CSV, "second,queue,in_service,booting\n");
        for (int i = 0; i < group.size(); i++) {
            if (i < policy.min()) {
                members.add(group.get(i));
            } else {
                lb.deregister(group.get(i));
            }
        }
        lb.onBackendUp(b -> {
            if (booting.remove(b.name()) && trace.enabled()) {
                trace.emit(node.name(), AutoscaleEvents.IN_SERVICE_EVENT, b.name());
            }
        });
        Timer[] sampler = new Timer[1];
        sampler[0] = new Timer(node.sim(), () -> {
            sample();
            sampler[0].setAfter(SAMPLE_NS);
        });
        sampler[0].setAfter(SAMPLE_NS);
        Timer[] evaluator = new Timer[1];
        evaluator[0] = new Timer(node.sim(), () -> {
            evaluate();
            evaluator[0].setAfter(policy.intervalNs());
        });
        evaluator[0].setAfter(policy.intervalNs());
    }

    private int inService() {
        int n = 0;
        for (String m : group) {
            n += lb.backend(m).inService() ? 1 : 0;
        }
        return n;
    }

    private void sample() {
        int active = 0;
        int n = 0;
        for (String m : group) {
            LoadBalancer.Backend b = lb.backend(m);
            if (b.inService()) {
                active += b.active();
                n++;
            }
            if (b.draining() && b.active() == 0) {
                lb.deregister(m);
                members.remove(m);
                if (trace.enabled()) {
                    trace.emit(node.name(), AutoscaleEvents.REMOVED, m);
                }
            }
        }
        sum += n == 0 ? 0 : active / (double) n;
        samples++;
    }

    private void evaluate() {
        double queue = samples == 0 ? 0 : sum / samples;
        sum = 0;
        samples = 0;
        long now = node.sim().now();
        int inService = inService();
        if (trace.enabled()) {
            trace.emit(node.name(), AutoscaleEvents.METRIC, queue, (long) inService, (long) booting.size());
        }
        dev.minternet.node.NodeFiles.of(node).append(CSV, String.format(Locale.ROOT, "%d,%.2f,%d,%d%n", now / Durations.S, queue,
                inService, booting.size()));
        if (queue > policy.scaleOutAbove() && members.size() < policy.max() && now - lastOut >= policy.cooldownOutNs()) {
            String next = null;
            for (String m : group) {
                if (!members.contains(m)) {
                    next = m;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            members.add(next);
            booting.add(next);
            lastOut = now;
            lastScale = now;
            if (trace.enabled()) {
                trace.emit(node.name(), AutoscaleEvents.SCALE_OUT, next, String.format(Locale.ROOT,
                        "%.2f requests in flight per instance > %.2f", queue, policy.scaleOutAbove()));
            }
            String instance = next;
            new Timer(node.sim(), () -> {
                lb.register(instance);
                if (trace.enabled()) {
                    trace.emit(node.name(), AutoscaleEvents.BOOTED, instance);
                }
            }).setAfter(policy.bootNs());
        } else if (queue < policy.scaleInBelow() && inService > policy.min() && booting.isEmpty()
                && now - lastScale >= policy.cooldownInNs()) {
            String last = null;
            for (String m : members) {
                if (lb.backend(m).inService()) {
                    last = m;
                }
            }
            lastScale = now;
            lb.drain(last);
            if (trace.enabled()) {
                trace.emit(node.name(), AutoscaleEvents.SCALE_IN, last, String.format(Locale.ROOT,
                        "%.2f requests in flight per instance < %.2f", queue, policy.scaleInBelow()));
            }
        }
    }
}
