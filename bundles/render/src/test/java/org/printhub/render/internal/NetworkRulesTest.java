package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.printhub.render.UrlFetcher.FetchException;
import org.printhub.render.UrlFetcher.FetchException.Reason;

class NetworkRulesTest {
    /** Names as a hostile DNS would answer them; nothing here touches the real resolver. */
    private static final Map<String, String[]> DNS = Map.of(
            "public.example", new String[] { "93.184.216.34" },
            "loopback.example", new String[] { "127.0.0.1" },
            "mixed.example", new String[] { "93.184.216.34", "10.0.0.5" },
            "metadata.example", new String[] { "169.254.169.254" },
            "v6local.example", new String[] { "fd00::1" },
            "intranet.corp", new String[] { "10.1.2.3" },
            "app.intranet.corp", new String[] { "10.1.2.4" },
            "cgnat.example", new String[] { "100.64.0.1" });

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return new InetAddress[] { InetAddress.getByName(host) };
        }
        String[] ips = DNS.get(host);
        if (ips == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            out[i] = InetAddress.getByAddress(host, InetAddress.getByName(ips[i]).getAddress());
        }
        return out;
    }

    private static NetworkRules rules(String... allow) {
        return new NetworkRules(List.of(allow), NetworkRulesTest::resolve);
    }

    private static FetchException refused(NetworkRules rules, String url) {
        FetchException e = assertThrows(FetchException.class, () -> rules.check(URI.create(url)));
        assertEquals(Reason.REFUSED, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void onlyHttpAndHttps() {
        NetworkRules r = rules();
        assertTrue(refused(r, "file:///etc/passwd").getMessage().contains("a file: URL"));
        refused(r, "ftp://public.example/x");
        refused(r, "gopher://public.example/");
        refused(r, "jar:http://public.example/x.jar!/");
        assertTrue(refused(r, "/relative").getMessage().contains("relative"));
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertEquals(1, rules().check(URI.create("https://public.example/page")).length);
        rules().check(URI.create("http://93.184.216.34:8080/"));
    }

    @Test
    void internalAddressesAreRefusedByNumberAndByName() {
        NetworkRules r = rules();
        assertTrue(refused(r, "http://127.0.0.1/").getMessage().contains("loopback"));
        assertTrue(refused(r, "http://loopback.example/").getMessage().contains("loopback"));
        assertTrue(refused(r, "http://LOOPBACK.example./").getMessage().contains("loopback"));
        assertTrue(refused(r, "http://metadata.example/").getMessage().contains("link-local"));
        assertTrue(refused(r, "http://169.254.169.254/latest").getMessage().contains("link-local"));
        assertTrue(refused(r, "http://mixed.example/").getMessage().contains("private"));
        assertTrue(refused(r, "http://v6local.example/").getMessage().contains("unique-local"));
        assertTrue(refused(r, "http://cgnat.example/").getMessage().contains("reserved"));
        refused(r, "http://[::1]/");
        refused(r, "http://[fe80::1]/");
        refused(r, "http://[::ffff:127.0.0.1]/");
        refused(r, "http://[::127.0.0.1]/");
        refused(r, "http://0.0.0.0/");
        refused(r, "http://192.168.1.1/");
        refused(r, "http://[ff02::1]/");
    }

    @Test
    void unknownHostsFailWithoutLeakingMore() {
        FetchException e = assertThrows(FetchException.class, () -> rules().check(URI.create("http://nope.invalid/")));
        assertEquals(Reason.FAILED, e.reason());
    }

    @Test
    void theAllowListOpensHostsAndNetworks() throws Exception {
        rules("127.0.0.1").check(URI.create("http://127.0.0.1:8080/"));
        rules("127.0.0.0/8").check(URI.create("http://loopback.example/"));
        rules("intranet.corp").check(URI.create("http://intranet.corp/"));
        refused(rules("intranet.corp"), "http://app.intranet.corp/");
        rules("*.intranet.corp").check(URI.create("http://app.intranet.corp/"));
        rules("10.1.0.0/16").check(URI.create("http://app.intranet.corp/"));
        refused(rules("10.2.0.0/16"), "http://app.intranet.corp/");
        refused(rules("127.0.0.1"), "http://metadata.example/");
        rules("fd00::/8").check(URI.create("http://v6local.example/"));
    }

    @Test
    void badAllowListEntriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> rules("10.0.0.0/99"));
        assertThrows(IllegalArgumentException.class, () -> rules("not a host!"));
    }
}
