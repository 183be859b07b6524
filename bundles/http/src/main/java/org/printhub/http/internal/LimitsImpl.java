package org.printhub.http.internal;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.printhub.http.Compression;
import org.printhub.http.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;

// A change is applied in place, not by reactivation, so that the surfaces holding this service keep running.
@Component(service = Limits.class, configurationPid = Limits.PID)
@Designate(ocd = LimitsImpl.Config.class)
public final class LimitsImpl implements Limits {

    @ObjectClassDefinition(name = "Printhub request limits",
            description = "Size limits every API surface applies to request bodies and compressed uploads.")
    public @interface Config {
        @AttributeDefinition(name = "Largest request body (bytes)",
                description = "The largest document upload or other raw body, as sent (compressed or not).")
        long maxBodyBytes() default Limits.DEFAULT_MAX_BODY_BYTES;

        @AttributeDefinition(name = "Largest JSON body (bytes)",
                description = "The largest JSON request body.")
        long maxJsonBytes() default Limits.DEFAULT_MAX_JSON_BYTES;

        @AttributeDefinition(name = "Largest decompressed body (bytes)",
                description = "The most bytes a zlib or gzip upload may inflate to.")
        long maxDecompressedBytes() default Limits.DEFAULT_MAX_DECOMPRESSED_BYTES;

        @AttributeDefinition(name = "Largest expansion ratio",
                description = "The most decompressed bytes per compressed byte a compressed upload may have; "
                        + "a defence against compression bombs.")
        long maxExpansionRatio() default Limits.DEFAULT_MAX_EXPANSION_RATIO;

        @AttributeDefinition(name = "Expansion ratio floor (bytes)",
                description = "Decompressed bytes allowed before the expansion ratio is checked, so that "
                        + "short bodies that compress very well pass.")
        long ratioFloorBytes() default Limits.DEFAULT_RATIO_FLOOR_BYTES;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LimitsImpl.class);

    private volatile Limits current;

    @Activate
    public LimitsImpl(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        Limits d = Limits.defaults();
        current = Limits.of(positive("maxBodyBytes", config.maxBodyBytes(), d.maxBodyBytes()),
                positive("maxJsonBytes", config.maxJsonBytes(), d.maxJsonBytes()),
                positive("maxDecompressedBytes", config.maxDecompressedBytes(), d.maxDecompressedBytes()),
                positive("maxExpansionRatio", config.maxExpansionRatio(), d.maxExpansionRatio()),
                config.ratioFloorBytes() >= 0 ? config.ratioFloorBytes() : d.ratioFloorBytes());
        LOG.info("Request {}", current);
    }

    private static long positive(String name, long value, long fallback) {
        if (value > 0) {
            return value;
        }
        LOG.warn("Ignoring {}={} in configuration {}: it must be positive; using {}", name, value, Limits.PID,
                fallback);
        return fallback;
    }

    @Override
    public long maxBodyBytes() {
        return current.maxBodyBytes();
    }

    @Override
    public long maxJsonBytes() {
        return current.maxJsonBytes();
    }

    @Override
    public long maxDecompressedBytes() {
        return current.maxDecompressedBytes();
    }

    @Override
    public long maxExpansionRatio() {
        return current.maxExpansionRatio();
    }

    @Override
    public long ratioFloorBytes() {
        return current.ratioFloorBytes();
    }

    @Override
    public InputStream body(HttpServletRequest request) throws IOException {
        return current.body(request);
    }

    @Override
    public InputStream decompress(InputStream in, Compression compression) {
        return current.decompress(in, compression);
    }

    @Override
    public String toString() {
        return current.toString();
    }
}
