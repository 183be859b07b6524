package org.printhub.http;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one place for request size limits. The http bundle registers this as a service configured under
 * {@value #PID}; surfaces read it for every request, so a changed configuration applies to the next request.
 */
@ProviderType
public interface Limits {
    /** The configuration PID of the service. */
    String PID = "org.printhub.http.limits";

    long DEFAULT_MAX_BODY_BYTES = 256L << 20;
    long DEFAULT_MAX_JSON_BYTES = 1L << 20;
    long DEFAULT_MAX_DECOMPRESSED_BYTES = 512L << 20;
    long DEFAULT_MAX_EXPANSION_RATIO = 100;
    long DEFAULT_RATIO_FLOOR_BYTES = 1L << 20;

    /** The largest request body (a document upload, as sent) in bytes. */
    long maxBodyBytes();

    /** The largest JSON request body in bytes. */
    long maxJsonBytes();

    /** The most bytes a compressed body may inflate to. */
    long maxDecompressedBytes();

    /** The most decompressed bytes per compressed byte, once past {@link #ratioFloorBytes()}. */
    long maxExpansionRatio();

    /** Decompressed bytes allowed before the expansion ratio is checked. */
    long ratioFloorBytes();

    /**
     * The request body bounded by {@link #maxBodyBytes()}.
     *
     * @throws RequestTooLargeException at once if the declared {@code Content-Length} is over the limit
     */
    default InputStream body(HttpServletRequest request) throws IOException {
        return BoundedInputStream.of(request, maxBodyBytes());
    }

    /**
     * {@code in} inflated under these limits; {@code in} itself for {@link Compression#NONE}. Reading throws
     * {@link DecompressionLimitException} and {@link CorruptCompressedDataException}.
     */
    default InputStream decompress(InputStream in, Compression compression) {
        if (compression == Compression.NONE) {
            return in;
        }
        return new InflatingInputStream(in, compression, maxDecompressedBytes(), maxExpansionRatio(),
                ratioFloorBytes());
    }

    /** Fixed limits, e.g. for tests. */
    static Limits of(long maxBodyBytes, long maxJsonBytes, long maxDecompressedBytes, long maxExpansionRatio,
            long ratioFloorBytes) {
        if (maxBodyBytes < 0 || maxJsonBytes < 0 || maxDecompressedBytes < 0 || maxExpansionRatio < 1
                || ratioFloorBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        return new Limits() {
            @Override
            public long maxBodyBytes() {
                return maxBodyBytes;
            }

            @Override
            public long maxJsonBytes() {
                return maxJsonBytes;
            }

            @Override
            public long maxDecompressedBytes() {
                return maxDecompressedBytes;
            }

            @Override
            public long maxExpansionRatio() {
                return maxExpansionRatio;
            }

            @Override
            public long ratioFloorBytes() {
                return ratioFloorBytes;
            }

            @Override
            public String toString() {
                return "limits body=" + maxBodyBytes + " json=" + maxJsonBytes + " decompressed="
                        + maxDecompressedBytes + " ratio=" + maxExpansionRatio + ":1 after " + ratioFloorBytes;
            }
        };
    }

    /** The defaults the service uses when not configured. */
    static Limits defaults() {
        return of(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES,
                DEFAULT_MAX_EXPANSION_RATIO, DEFAULT_RATIO_FLOOR_BYTES);
    }
}
