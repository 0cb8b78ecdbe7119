package com.dialer.schemas;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which URLs from a campaign's settings our servers may call or hand to Plivo ({@code warmupUrl},
 * {@code botStreamUrl}): a scheme from {@link #SCHEMES} and a host matching a pattern of {@link #HOSTS}. A
 * host that is, or resolves to, a loopback, link-local, private, unique-local, carrier-grade NAT or
 * unspecified address is refused unless {@code OUTBOUND_URL_HOSTS} names it exactly (a pattern with {@code *}
 * never admits one): an upstream producer must not make our servers call the cloud metadata service or
 * an internal admin port. The scheduler checks at intake without DNS ({@link #problem}); the executor checks
 * again, resolving the host, right before it POSTs a warm-up ({@link #problemResolved}).
 */
public record OutboundUrlPolicy(Set<String> schemes, List<String> hostPatterns) {

    public static final ConfigKey<Set<String>> SCHEMES = ConfigKey.parsed("OUTBOUND_URL_SCHEMES", "comma-separated schemes",
            "schemes a campaign's warmupUrl and botStreamUrl may use (default https,wss)",
            raw -> raw == null ? Set.of("https", "wss") : Arrays.stream(raw.split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    public static final ConfigKey<List<String>> HOSTS = ConfigKey.parsed("OUTBOUND_URL_HOSTS",
            "comma-separated host patterns: host, *.domain, *",
            "hosts a campaign's warmupUrl and botStreamUrl may name (default *: any public host); a loopback or private "
                    + "address only when named exactly, e.g. 127.0.0.1",
            raw -> raw == null ? List.of("*") : hostPatterns(raw));

    public OutboundUrlPolicy {
        schemes = Set.copyOf(schemes);
        hostPatterns = List.copyOf(hostPatterns);
    }

    public static OutboundUrlPolicy from(EnvironmentKeys keys) {
        return new OutboundUrlPolicy(SCHEMES.read(keys), HOSTS.read(keys));
    }

    /** The production default: https and wss to any public host. */
    public static OutboundUrlPolicy standard() {
        return from(new EnvironmentKeys(key -> null));
    }

    /**
     * Why {@code url} may not be used, without resolving its host (a literal address is checked, a name is
     * checked against the patterns only); empty when it may, or when it is null or blank (no URL, nothing called).
     */
    public Optional<String> problem(String what, String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.of(what + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = host(uri);
        if (scheme == null || host == null) {
            return Optional.of(what + " has no scheme or host");
        }
        if (!schemes.contains(scheme)) {
            return Optional.of(what + " scheme " + scheme + " is not allowed (" + SCHEMES.name() + ": " + String.join(",", new java.util.TreeSet<>(schemes)) + ")");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of(what + " carries credentials");
        }
        if (named(host)) {
            return Optional.empty();
        }
        if (hostPatterns.stream().noneMatch(p -> matches(p, host))) {
            return Optional.of(what + " host " + host + " is not allowed (" + HOSTS.name() + ")");
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || (literal(host) && internal(address(host)))) {
            return Optional.of(what + " host " + host + " is a loopback, link-local or private address, not named in " + HOSTS.name());
        }
        return Optional.empty();
    }

    /** {@link #problem}, then every address the host resolves to: none may be internal unless the host is named exactly. */
    public Optional<String> problemResolved(String what, String url) {
        Optional<String> problem = problem(what, url);
        if (problem.isPresent() || url == null || url.isBlank()) {
            return problem;
        }
        String host = host(URI.create(url.strip()));
        if (named(host)) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    return Optional.of(what + " host " + host + " resolves to the internal address " + address.getHostAddress()
                            + ", not named in " + HOSTS.name());
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of(what + " host " + host + " does not resolve");
        }
        return Optional.empty();
    }

    /** Loopback, link-local (the metadata service 169.254.169.254 among them), private, CGNAT, unique-local, any, multicast. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // 0.0.0.0/8, 100.64.0.0/10
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return true; // fc00::/7 unique local
        }
        // ::ffff:a.b.c.d, an IPv4 address written as IPv6
        boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff && Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
                .allMatch(i -> b[i] == 0);
        if (mapped) {
            try {
                return internal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }

    private boolean named(String host) {
        return hostPatterns.contains(host);
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** An IP literal: parsed without any DNS look-up. */
    private static boolean literal(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no look-up
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress(); // an unreadable literal is refused like an internal one
        }
    }

    private static List<String> hostPatterns(String raw) {
        List<String> patterns = new ArrayList<>();
        for (String p : raw.split(",")) {
            String pattern = p.strip().toLowerCase(Locale.ROOT);
            if (pattern.isEmpty()) {
                continue;
            }
            if (pattern.indexOf('*') > 0 || (pattern.startsWith("*") && !pattern.equals("*") && !pattern.startsWith("*."))) {
                throw new IllegalArgumentException("'" + pattern + "' is not a host, *.domain or *");
            }
            patterns.add(pattern.startsWith("[") && pattern.endsWith("]") ? pattern.substring(1, pattern.length() - 1) : pattern);
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no host pattern");
        }
        return patterns;
    }
}
