package org.printhub.device;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a device is and can print. Immutable; build with {@link #builder(String, String)}.
 */
public final class DeviceInfo {
    /** Accepts any document format, passing the bytes through unchanged. */
    public static final String ANY_FORMAT = "application/octet-stream";

    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

    private final String id;
    private final String driver;
    private final String name;
    private final String makeAndModel;
    private final String location;
    private final String uri;
    private final Set<String> documentFormats;
    private final boolean color;
    private final boolean duplex;
    private final List<String> media;
    private final String mediaDefault;
    private final int concurrency;
    private final boolean restartsInterruptedJobs;

    private DeviceInfo(Builder b) {
        this.id = b.id;
        this.driver = b.driver;
        this.name = b.name == null ? b.id : b.name;
        this.makeAndModel = b.makeAndModel == null ? "" : b.makeAndModel;
        this.location = b.location == null ? "" : b.location;
        this.uri = b.uri == null ? "" : b.uri;
        this.documentFormats = Set.copyOf(b.documentFormats);
        this.color = b.color;
        this.duplex = b.duplex;
        this.media = List.copyOf(b.media);
        this.mediaDefault = b.mediaDefault;
        this.concurrency = b.concurrency;
        this.restartsInterruptedJobs = b.restartsInterruptedJobs;
    }

    /**
     * @param id the device id jobs name: letters, digits, {@code . _ -}, 1 to 64 characters
     * @param driver the driver's short name, e.g. {@code file}, {@code ipp}
     * @throws IllegalArgumentException if the id is not of that form
     */
    public static Builder builder(String id, String driver) {
        return new Builder(DeviceIds.requireValid(id), Objects.requireNonNull(driver, "driver"));
    }

    public String id() {
        return id;
    }

    public String driver() {
        return driver;
    }

    /** A display name; the id when none was configured. */
    public String name() {
        return name;
    }

    public String makeAndModel() {
        return makeAndModel;
    }

    public String location() {
        return location;
    }

    /** Where the device is reached, for display (e.g. {@code ipp://host/ipp/print}); may be empty. */
    public String uri() {
        return uri;
    }

    /** MIME types the device prints; containing {@link #ANY_FORMAT} means any. */
    public Set<String> documentFormats() {
        return documentFormats;
    }

    public boolean accepts(String mimeType) {
        return documentFormats.contains(ANY_FORMAT) || documentFormats.contains(mimeType);
    }

    public boolean color() {
        return color;
    }

    public boolean duplex() {
        return duplex;
    }

    /** PWG media names the device takes; empty when unknown. */
    public List<String> media() {
        return media;
    }

    /** May be {@code null} when unknown. */
    public String mediaDefault() {
        return mediaDefault;
    }

    /** How many jobs the device prints at once; 1 for almost every printer. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Whether a job this device was printing when the device went away or the server stopped is printed again
     * from its start by itself (the default: a sheet printed twice is the worst that happens). {@code false} for
     * a device where part of a job stays behind, such as a 3D printer's bed: such a job is held instead, with a
     * message saying so, for an operator to release once the printer is ready again.
     */
    public boolean restartsInterruptedJobs() {
        return restartsInterruptedJobs;
    }

    public static final class Builder {
        private final String id;
        private final String driver;
        private String name;
        private String makeAndModel;
        private String location;
        private String uri;
        private Set<String> documentFormats = Set.of(ANY_FORMAT);
        private boolean color = true;
        private boolean duplex;
        private List<String> media = List.of();
        private String mediaDefault;
        private int concurrency = 1;
        private boolean restartsInterruptedJobs = true;

        private Builder(String id, String driver) {
            this.id = id;
            this.driver = driver;
        }

        public Builder name(String name) {
            this.name = name == null || name.isBlank() ? null : name;
            return this;
        }

        public Builder makeAndModel(String makeAndModel) {
            this.makeAndModel = makeAndModel;
            return this;
        }

        public Builder location(String location) {
            this.location = location;
            return this;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /**
         * The formats as a configuration gives them: entries that may each be a comma-separated list, as a
         * {@code .cfg} file writes them. No entry at all means any format.
         *
         * @throws IllegalArgumentException for an entry that is not a MIME type
         */
        public Builder documentFormats(String... configured) {
            Set<String> formats = new LinkedHashSet<>();
            for (String entry : configured) {
                for (String format : entry.split(",")) {
                    String f = format.trim().toLowerCase(Locale.ROOT);
                    if (f.isEmpty()) {
                        continue;
                    }
                    if (!MIME_TYPE.matcher(f).matches()) {
                        throw new IllegalArgumentException("not a MIME type: '" + format.trim() + "'");
                    }
                    formats.add(f);
                }
            }
            return documentFormats(formats.isEmpty() ? Set.of(ANY_FORMAT) : formats);
        }

        public Builder documentFormats(Set<String> documentFormats) {
            if (documentFormats.isEmpty()) {
                throw new IllegalArgumentException("a device takes at least one format");
            }
            this.documentFormats = documentFormats;
            return this;
        }

        public Builder color(boolean color) {
            this.color = color;
            return this;
        }

        public Builder duplex(boolean duplex) {
            this.duplex = duplex;
            return this;
        }

        public Builder media(List<String> media) {
            this.media = media;
            return this;
        }

        public Builder mediaDefault(String mediaDefault) {
            this.mediaDefault = mediaDefault;
            return this;
        }

        /** @throws IllegalArgumentException unless 1 to 64 */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be 1 to 64, not " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** @see DeviceInfo#restartsInterruptedJobs() */
        public Builder restartsInterruptedJobs(boolean restartsInterruptedJobs) {
            this.restartsInterruptedJobs = restartsInterruptedJobs;
            return this;
        }

        public DeviceInfo build() {
            return new DeviceInfo(this);
        }
    }
}
