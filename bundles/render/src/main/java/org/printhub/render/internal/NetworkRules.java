package org.printhub.render.internal;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.printhub.render.UrlFetcher.FetchException;
import org.printhub.render.UrlFetcher.FetchException.Reason;

/**
 * Which URLs the server may fetch: http and https only, and no address inside the machine or the local network
 * unless the allow list names its host ({@code intranet.example}, {@code *.example}) or its network
 * ({@code 10.1.0.0/16}, {@code 127.0.0.1}). Every address a host resolves to must pass.
 */
final class NetworkRules {
    /** Looks a host name up; {@link InetAddress#getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final List<Network> SPECIAL_IPV4 = List.of(Network.parse("0.0.0.0/8"),
            Network.parse("100.64.0.0/10"), Network.parse("192.0.0.0/24"), Network.parse("198.18.0.0/15"),
            Network.parse("240.0.0.0/4"));
    private static final List<Network> SPECIAL_IPV6 = List.of(Network.parse("fc00::/7"),
            Network.parse("64:ff9b::/96"), Network.parse("2001:db8::/32"));

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Network> allowedNetworks = new ArrayList<>();
    private final Resolver resolver;

    /** @throws IllegalArgumentException for an allow-list entry that is neither a host name nor a network */
    NetworkRules(List<String> allowList, Resolver resolver) {
        this.resolver = resolver;
        for (String raw : allowList) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || entry.contains(":") || entry.matches("[0-9.]+")) {
                allowedNetworks.add(Network.parse(entry.contains("/") ? entry
                        : entry + (entry.contains(":") ? "/128" : "/32")));
            } else if (entry.matches("(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*")) {
                allowedHosts.add(entry);
            } else {
                throw new IllegalArgumentException("not a host name or network: " + raw);
            }
        }
    }

    /**
     * @return the addresses the URL's host resolves to, every one of them allowed
     * @throws FetchException REFUSED for another scheme, no host or a forbidden address; FAILED for an unknown host
     */
    InetAddress[] check(URI url) throws FetchException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(Reason.REFUSED,
                    "refused to fetch " + (scheme.isEmpty() ? "a relative URL" : "a " + scheme + ": URL")
                            + ": only http and https are fetched");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(Reason.REFUSED, "refused to fetch " + url + ": it names no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        if (bare.endsWith(".")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new FetchException(Reason.FAILED, "cannot fetch " + url + ": unknown host " + bare);
        }
        if (hostAllowed(bare)) {
            return addresses;
        }
        for (InetAddress a : addresses) {
            String kind = forbiddenKind(a);
            if (kind != null && allowedNetworks.stream().noneMatch(n -> n.contains(a))) {
                throw new FetchException(Reason.REFUSED, "refused to fetch " + url + ": " + bare + " is "
                        + kind + " address (" + a.getHostAddress() + ") and not on the allow list");
            }
        }
        return addresses;
    }

    private boolean hostAllowed(String host) {
        for (String h : allowedHosts) {
            if (h.startsWith("*.") ? host.endsWith(h.substring(1)) : host.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code a} is not a public address, or null when it is. */
    static String forbiddenKind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        if (a instanceof Inet4Address) {
            if (a.getAddress()[0] == (byte) 255 || SPECIAL_IPV4.stream().anyMatch(n -> n.contains(a))) {
                return "a reserved";
            }
        } else if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            if (SPECIAL_IPV6.get(0).contains(a)) {
                return "a unique-local";
            }
            if (SPECIAL_IPV6.stream().anyMatch(n -> n.contains(a))) {
                return "a reserved";
            }
            // ::a.b.c.d (IPv4-compatible) reaches the IPv4 address on some stacks.
            boolean compatible = true;
            for (int i = 0; i < 12; i++) {
                compatible &= b[i] == 0;
            }
            if (compatible) {
                try {
                    return forbiddenKind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return "a reserved";
                }
            }
        }
        return null;
    }

    /** An address block in CIDR notation. */
    static final class Network {
        private final BigInteger base;
        private final int bits;
        private final int length;

        private Network(byte[] address, int length) {
            this.bits = address.length * 8;
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("bad prefix length /" + length);
            }
            this.length = length;
            this.base = new BigInteger(1, address).shiftRight(bits - length);
        }

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!host.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("not a network: " + cidr);
            }
            try {
                byte[] address = InetAddress.getByName(host).getAddress();
                int length = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                return new Network(address, length);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network: " + cidr, e);
            }
        }

        boolean contains(InetAddress a) {
            byte[] address = a.getAddress();
            return address.length * 8 == bits && new BigInteger(1, address).shiftRight(bits - length).equals(base);
        }
    }
}
