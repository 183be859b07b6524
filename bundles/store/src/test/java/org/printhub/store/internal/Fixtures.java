package org.printhub.store.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.h2.util.OsgiDataSourceFactory;
import org.printhub.job.Job;
import org.printhub.job.store.SpooledDocument;

/** Jobs, documents and stores for tests, on a real embedded H2. */
final class Fixtures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    static JdbcJobStore open(TestConfig config) {
        return new JdbcJobStore(config, null, new OsgiDataSourceFactory(new org.h2.Driver()));
    }

    static String token() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Job.Builder draft(String deviceId) {
        return Job.builder().token(token()).deviceId(deviceId).name("doc").owner("alice").origin("test")
                .createdAt(Instant.now());
    }

    static SpooledDocument spool(JdbcJobStore store, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return store.spool("doc.txt", "text/plain", new ByteArrayInputStream(bytes), bytes.length);
    }

    static Job insert(JdbcJobStore store, Job.Builder draft) {
        return store.insert(draft.build(), List.of(spool(store, "hello " + Fixtures.token())));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
