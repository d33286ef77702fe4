package dev.photofeed.gateway.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who the client is, from the peer and the forwarded headers only trusted proxies may write. */
class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientWhateverItForwards() {
        assertThat(behindProxies.of(from("198.51.100.7").header("X-Forwarded-For", "192.0.2.1").build())).isEqualTo("198.51.100.7");
        assertThat(new ClientAddress(List.of()).of(from("10.1.2.3").header("X-Forwarded-For", "192.0.2.1").build()))
                .as("no proxies trusted").isEqualTo("10.1.2.3");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheRightMostEntryNoProxyWrote() {
        // the client wrote 192.0.2.99 itself; the edge appended the address it saw, an inner proxy its own
        assertThat(behindProxies.of(from("10.0.0.5").header("X-Forwarded-For", "192.0.2.99, 203.0.113.4, 10.0.0.9").build()))
                .isEqualTo("203.0.113.4");
        assertThat(behindProxies.of(from("10.0.0.5").header("X-Forwarded-For", "192.0.2.99").header("X-Forwarded-For", "203.0.113.4").build()))
                .as("the header sent twice").isEqualTo("203.0.113.4");
        assertThat(behindProxies.of(from("10.0.0.5").build())).as("a trusted peer that forwards nothing").isEqualTo("10.0.0.5");
    }

    @Test
    void theStandardForwardedHeaderWinsOverTheOldOne() {
        assertThat(behindProxies.of(from("10.0.0.5")
                .header("Forwarded", "for=192.0.2.60;proto=http;by=10.0.0.5, for=\"[2001:db8:cafe:17::1]:4711\"")
                .header("X-Forwarded-For", "192.0.2.1").build()))
                .isEqualTo("2001:db8:cafe:17::/64");
    }

    @Test
    void ipv6ClientsAreGroupedByTheirSlash64() {
        assertThat(behindProxies.of(from("2001:db8:1:2:aaaa::1").build())).isEqualTo("2001:db8:1:2::/64");
        assertThat(behindProxies.of(from("2001:db8:1:2:bbbb::9").build())).isEqualTo("2001:db8:1:2::/64");
        assertThat(behindProxies.of(from("fd00::5").header("X-Forwarded-For", "2001:db8:9:9::1").build())).isEqualTo("2001:db8:9:9::/64");
    }

    @Test
    void entriesThatAreNoAddressesAreNeverResolvedAndHideWhatIsLeftOfThem() {
        assertThat(behindProxies.of(from("10.0.0.5").header("X-Forwarded-For", "203.0.113.4, localhost").build()))
                .as("a name is not looked up; the trusted peer is all that is known").isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(from("10.0.0.5").header("X-Forwarded-For", "unknown, 203.0.113.4:8080").build()))
                .isEqualTo("203.0.113.4");
    }

    @Test
    void aTrustedProxyThatIsNoNetworkIsRefusedAtStart() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal"))).hasMessageContaining("'proxy.internal'");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("0-32");
    }

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/api/feed").remoteAddress(new InetSocketAddress(peer, 40000));
    }
}
