package dev.devproxy.internal.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Internal: not API. The addresses whose {@code X-Forwarded-*} headers devproxy believes: IP addresses or CIDR
 * blocks, IPv4 or IPv6. Empty by default, so that no browser can claim another host or scheme. Immutable.
 */
public final class TrustedProxies {
    /** Trusts no one. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<byte[]> networks;
    private final List<Integer> prefixLengths;

    private TrustedProxies(List<byte[]> networks, List<Integer> prefixLengths) {
        this.networks = networks;
        this.prefixLengths = prefixLengths;
    }

    /**
     * Parses addresses such as {@code 10.0.0.7}, {@code 10.0.0.0/8} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the first value that is not an IP address or CIDR block (host
     *     names are refused: resolving them would make trust depend on DNS)
     */
    public static TrustedProxies of(Collection<String> values) {
        List<byte[]> networks = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (String value : values) {
            String text = value.trim();
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("trustedProxies: '" + value + "' is not an IP address or CIDR block");
            }
            int length = address.length * 8;
            if (slash >= 0) {
                String digits = text.substring(slash + 1);
                if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > address.length * 8) {
                    throw new IllegalArgumentException("trustedProxies: '" + value + "' has a bad prefix length");
                }
                length = Integer.parseInt(digits);
            }
            networks.add(address);
            lengths.add(length);
        }
        return new TrustedProxies(List.copyOf(networks), List.copyOf(lengths));
    }

    /** Whether the peer at {@code remoteAddress} (an IP literal, as the container reports it) is trusted. */
    public boolean trusts(String remoteAddress) {
        if (networks.isEmpty() || remoteAddress == null) {
            return false;
        }
        String text = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        byte[] address = literal(text);
        if (address == null) {
            return false;
        }
        for (int i = 0; i < networks.size(); i++) {
            if (inNetwork(address, networks.get(i), prefixLengths.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether any address is trusted. */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    private static boolean inNetwork(byte[] address, byte[] network, int prefixLength) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    // Only literals: InetAddress.getByName does no lookup for them (an IPv4-looking value with an octet above
    // 255 would be looked up as a host name, so it is refused first).
    private static byte[] literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
