package dev.minternet.tools.grpcurl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Dialling as grpcurl 1.8.9 does it, in examples/grpc.yaml's world: TLS to the h2c port meets the
 * server's SETTINGS frame, which Go's crypto/tls calls "first record does not look like a TLS
 * handshake"; -authority is also the name TLS checks (grpc.WithAuthority), so the TLS server
 * named users.example.com answers at api:443; an address without a port fails in Go's dialer;
 * -d before list is only a warning.
 */
class GrpcurlDialTest {
    @Test
    void tls_to_h2c_authority_as_tls_name_and_addresses_go_cannot_split() throws Exception {
        String world = Files.readString(Path.of("examples/grpc.yaml"));
        world = world.substring(0, world.indexOf("\ntimeline:")) + """

                timeline:
                  - {at: 1s, on: laptop, run: "grpcurl api:50051 list"}
                  - {at: 2s, on: laptop, run: "grpcurl -authority users.example.com api:443 list"}
                  - {at: 3s, on: laptop, run: "grpcurl -plaintext api list"}
                  - {at: 4s, on: laptop, run: "grpcurl -plaintext -d {} api:50051 list users.Users"}
                """;
        Runs.Result r = Runs.run(world);
        assertThat(r.terminal("laptop")).containsExactly(
                "Failed to dial target host \"api:50051\": tls: first record does not look like a TLS handshake",
                "grpc.reflection.v1alpha.ServerReflection", "users.Users",
                "Failed to dial target host \"api\": dial tcp: address api: missing port in address",
                "Warning: The -d argument is not used with 'list' or 'describe' verb.",
                "users.Users.Create", "users.Users.Get", "users.Users.List", "users.Users.Lookup");
    }
}
