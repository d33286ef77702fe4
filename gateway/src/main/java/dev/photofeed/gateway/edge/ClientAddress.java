package dev.photofeed.gateway.edge;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who the client is, for the rate limiter: the connection's peer, unless the peer is a proxy this gateway
 * trusts ({@code photofeed.edge.trusted-proxies}: Compose's edge, a Kubernetes ingress). Then the client is
 * the right-most address in {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} that is not itself a
 * trusted proxy: each proxy appends the address it saw, so everything left of that entry was written by the
 * client and proves nothing. A peer that is not trusted is the client, whatever headers it sends.
 *
 * <p>IPv6 clients are grouped by /64, the block one subscriber is usually given: limiting a single IPv6
 * address would give each client 2^64 buckets. Written by hand because it is the point of the lesson, and
 * small: Spring's forwarded-header support trusts every peer or a fixed number of hops, not a set of networks.
 */
@Component
public final class ClientAddress {

    private final List<Network> trusted;

    @Autowired
    ClientAddress(EdgeProperties edge) {
        this(edge.trustedProxies());
    }

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Network::parse).toList();
    }

    /** The client's address as a rate-limit key: {@code 192.0.2.7}, or {@code 2001:db8:1:2::/64}. */
    public String of(ServerHttpRequest request) {
        InetAddress peer = Optional.ofNullable(request.getRemoteAddress()).map(InetSocketAddress::getAddress).orElse(null);
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (isTrusted(peer)) {
            List<InetAddress> hops = forwarded(request.getHeaders());
            for (int i = hops.size() - 1; i >= 0; i--) {
                client = hops.get(i);
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        for (Network network : trusted) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The hops, client first; an entry that is no address (unknown, an obfuscated name) ends the list there. */
    static List<InetAddress> forwarded(HttpHeaders headers) {
        List<String> forwarded = headers.getValuesAsList("Forwarded");
        List<String> entries = new ArrayList<>();
        if (!forwarded.isEmpty()) {
            for (String element : forwarded) {
                for (String pair : element.split(";")) {
                    String[] kv = pair.trim().split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("for")) {
                        entries.add(kv[1].trim());
                    }
                }
            }
        } else {
            entries.addAll(headers.getValuesAsList("X-Forwarded-For"));
        }
        List<InetAddress> hops = new ArrayList<>();
        for (String entry : entries) {
            Optional<InetAddress> address = literal(entry);
            if (address.isEmpty()) {
                hops.clear(); // nothing left of an entry we cannot read can be placed
                continue;
            }
            hops.add(address.get());
        }
        return hops;
    }

    /** An IP literal as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code "[2001:db8::1]:4711"}. */
    static Optional<InetAddress> literal(String entry) {
        String s = entry.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            return Optional.empty(); // not a literal: InetAddress must never resolve a name here
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static String key(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /** An address block in CIDR notation: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Network(byte[] base, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            InetAddress base = literal(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                    "photofeed.edge.trusted-proxies: '" + cidr + "' is not an address or a network in CIDR notation"));
            int max = base.getAddress().length * 8;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : max;
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("photofeed.edge.trusted-proxies: '" + cidr + "' has a prefix outside 0-" + max);
            }
            return new Network(base.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != base.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != base[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((candidate[whole] ^ base[whole]) & (0xff << (8 - rest))) == 0;
        }
    }
}
