package org.printhub.api.myq.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.printhub.job.ColorMode;
import org.printhub.job.Job;

/** What a job costs on a device: a price per mono and per colour page, less a discount for two-sided printing. */
final class PriceTable {
    static final String ANY_DEVICE = "*";

    record Price(BigDecimal mono, BigDecimal colour, BigDecimal duplexDiscount) {
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /**
     * @param entries {@code device:mono:colour:duplexDiscount}, {@code *} as the device for the default
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    static PriceTable parse(String... entries) {
        Map<String, Price> m = new HashMap<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] f = entry.trim().split("\\s*:\\s*");
            if (f.length != 4 || f[0].isEmpty()) {
                throw new IllegalArgumentException("price entry '" + entry
                        + "' is not device:mono:colour:duplexDiscount");
            }
            try {
                Price p = new Price(new BigDecimal(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]));
                if (p.mono.signum() < 0 || p.colour.signum() < 0 || p.duplexDiscount.signum() < 0
                        || p.duplexDiscount.compareTo(BigDecimal.ONE) > 0) {
                    throw new IllegalArgumentException("price entry '" + entry
                            + "': prices must not be negative and the discount is a fraction from 0 to 1");
                }
                if (m.put(f[0], p) != null) {
                    throw new IllegalArgumentException("price entry '" + entry + "': device " + f[0] + " twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("price entry '" + entry + "' holds a value that is not a number");
            }
        }
        return new PriceTable(m);
    }

    Optional<Price> price(String deviceId) {
        Price p = prices.get(deviceId);
        return Optional.ofNullable(p != null ? p : prices.get(ANY_DEVICE));
    }

    /**
     * The job's cost on {@code deviceId}: every copy of every page at its price, two-sided pages discounted.
     * Empty while the page count is unknown or the device has no price.
     */
    Optional<BigDecimal> cost(Job job, String deviceId) {
        Optional<Price> price = price(deviceId);
        if (price.isEmpty() || job.pageCount() == Job.UNKNOWN) {
            return Optional.empty();
        }
        int pages = job.pageCount();
        int colour;
        if (job.ticket().colorMode() == ColorMode.MONOCHROME) {
            colour = 0;
        } else if (job.colorPageCount() != Job.UNKNOWN) {
            colour = Math.min(job.colorPageCount(), pages);
        } else {
            colour = job.ticket().colorMode() == ColorMode.COLOR ? pages : 0;
        }
        Price p = price.get();
        BigDecimal one = p.mono.multiply(BigDecimal.valueOf(pages - colour))
                .add(p.colour.multiply(BigDecimal.valueOf(colour)));
        if (job.ticket().sides().isDuplex()) {
            one = one.multiply(BigDecimal.ONE.subtract(p.duplexDiscount));
        }
        BigDecimal total = one.multiply(BigDecimal.valueOf(job.ticket().copies()));
        return Optional.of(total.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros());
    }
}
