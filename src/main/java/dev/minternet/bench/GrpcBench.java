package dev.minternet.bench;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.minternet.http.grpc.ClientCall;
import dev.minternet.http.grpc.GrpcChannel;
import dev.minternet.http.grpc.GrpcServer;
import dev.minternet.http.grpc.GrpcStatus;
import dev.minternet.http.grpc.ServerCall;
import dev.minternet.services.grpc.UsersService;
import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * Unary gRPC calls over {@link StreamPipe}s in simulated time, the same shape as {@link HttpBench}:
 * C connections, each running R calls of users.Users/Get with up to S in flight, answered from
 * memory (no database) so that the figure is the cost of gRPC on HTTP/2: protobuf messages,
 * length prefixes, trailers, Netty's codecs, the bridge and the simulator. A benchmark, never a test.
 */
public final class GrpcBench {
    private GrpcBench() {
    }

    /** What a run measured. */
    public record Result(int connections, int calls, double wallSeconds, double cpuSeconds, double simulatedSeconds,
            long events, long p50Ns, long p99Ns) {
        public double callsPerSecond() {
            return calls / wallSeconds;
        }

        public double callsPerCpuSecond() {
            return calls / cpuSeconds;
        }
    }

    public static Result run(int connections, int perConnection, int streams) {
        Simulator sim = new Simulator(1);
        Descriptor user = UsersService.SERVICE.findMethodByName("Get").getOutputType();
        DynamicMessage ada = DynamicMessage.newBuilder(user).setField(user.findFieldByName("id"), 1L)
                .setField(user.findFieldByName("name"), "Ada Lovelace").setField(user.findFieldByName("email"), "ada@example.com").build();
        GrpcServer server = new GrpcServer(sim, null, "server");
        server.add(UsersService.SERVICE, Map.of("Get", call -> call.listen(new ServerCall.Listener() {
            @Override
            public void onMessage(DynamicMessage m) {
                call.send(ada);
                call.close(GrpcStatus.OK, "");
            }
        })));
        MethodDescriptor get = UsersService.SERVICE.findMethodByName("Get");
        Descriptor req = get.getInputType();
        DynamicMessage request = DynamicMessage.newBuilder(req).setField(req.findFieldByName("id"), 1L).build();
        long[] latencies = new long[connections * perConnection];
        int[] count = new int[1];
        for (int c = 0; c < connections; c++) {
            StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(1_000_000L));
            server.serve(pipe.server());
            GrpcChannel ch = GrpcChannel.open(sim, pipe.client(), "bench:50051", false, null, "client");
            int[] sent = new int[1];
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (sent[0] < perConnection) {
                    sent[0]++;
                    long t0 = sim.now();
                    ClientCall call = ch.call(get, 0, new ClientCall.Listener() {
                        @Override
                        public void onClose(GrpcStatus status, String message, Http2Headers trailers) {
                            if (status != GrpcStatus.OK) {
                                throw new IllegalStateException("bench call failed: " + status + " " + message);
                            }
                            latencies[count[0]++] = sim.now() - t0;
                            next[0].run();
                        }
                    });
                    call.send(request);
                    call.halfClose();
                }
            };
            for (int i = 0; i < Math.max(1, streams); i++) {
                next[0].run();
            }
        }
        HttpBench.Timed t = HttpBench.Timed.run(sim, latencies, count, "calls");
        return new Result(connections, latencies.length, t.wall(), t.cpu(), sim.now() / 1e9, sim.eventsExecuted(), t.p50(), t.p99());
    }
}
