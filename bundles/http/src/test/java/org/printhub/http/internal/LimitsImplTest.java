package org.printhub.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;
import org.printhub.http.Limits;

class LimitsImplTest {

    static LimitsImpl.Config config(long body, long json, long decompressed, long ratio, long floor) {
        return new LimitsImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LimitsImpl.Config.class;
            }

            @Override
            public long maxBodyBytes() {
                return body;
            }

            @Override
            public long maxJsonBytes() {
                return json;
            }

            @Override
            public long maxDecompressedBytes() {
                return decompressed;
            }

            @Override
            public long maxExpansionRatio() {
                return ratio;
            }

            @Override
            public long ratioFloorBytes() {
                return floor;
            }
        };
    }

    @Test
    void usesTheConfiguredValuesAndAppliesChangesInPlace() {
        LimitsImpl limits = new LimitsImpl(config(10, 20, 30, 40, 50));
        assertEquals(10, limits.maxBodyBytes());
        assertEquals(20, limits.maxJsonBytes());
        assertEquals(30, limits.maxDecompressedBytes());
        assertEquals(40, limits.maxExpansionRatio());
        assertEquals(50, limits.ratioFloorBytes());
        limits.modified(config(11, 21, 31, 41, 0));
        assertEquals(11, limits.maxBodyBytes());
        assertEquals(0, limits.ratioFloorBytes());
    }

    @Test
    void invalidValuesFallBackToTheDefaults() {
        LimitsImpl limits = new LimitsImpl(config(0, -1, 0, 0, -5));
        Limits d = Limits.defaults();
        assertEquals(d.maxBodyBytes(), limits.maxBodyBytes());
        assertEquals(d.maxJsonBytes(), limits.maxJsonBytes());
        assertEquals(d.maxDecompressedBytes(), limits.maxDecompressedBytes());
        assertEquals(d.maxExpansionRatio(), limits.maxExpansionRatio());
        assertEquals(d.ratioFloorBytes(), limits.ratioFloorBytes());
    }
}
