package org.printhub.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.printhub.device.DeviceInfo;
import org.printhub.http.ApiKey;
import org.printhub.http.IssuedKey;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;
import org.printhub.job.PrinterStatus;

@Component(service = Converter.class, property = {
        Converter.CONVERTER_CLASSES + "=org.printhub.job.Job",
        Converter.CONVERTER_CLASSES + "=org.printhub.job.PrinterStatus",
        Converter.CONVERTER_CLASSES + "=org.printhub.http.ApiKey",
        Converter.CONVERTER_CLASSES + "=org.printhub.http.IssuedKey" })
public final class ShellConverter implements Converter {
    private final DateTimeFormatter minutes;
    private final DateTimeFormatter seconds;

    @Activate
    public ShellConverter() {
        this(ZoneId.systemDefault());
    }

    ShellConverter(ZoneId zone) {
        this.minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        this.seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof Job) {
            Job j = (Job) target;
            return level == INSPECT ? inspect(j) : level == LINE ? line(j) : "job " + j.id();
        }
        if (target instanceof PrinterStatus) {
            PrinterStatus p = (PrinterStatus) target;
            return level == INSPECT ? inspect(p) : level == LINE ? line(p) : p.id();
        }
        if (target instanceof IssuedKey) {
            IssuedKey k = (IssuedKey) target;
            return level == INSPECT ? inspect(k) : level == LINE ? line(k.key()) : k.key().id();
        }
        if (target instanceof ApiKey) {
            ApiKey k = (ApiKey) target;
            return level == INSPECT ? inspect(k) : level == LINE ? line(k) : k.id();
        }
        return null;
    }

    String line(Job j) {
        return String.format("%6d  %-18s  %-12s  %-10s  %5s  %s  %s", j.id(), j.state().keyword(), j.deviceId(),
                j.owner().isEmpty() ? "-" : j.owner(), j.pageCount() == Job.UNKNOWN ? "?" : j.pageCount() + "p",
                minutes.format(j.createdAt()), j.name());
    }

    String inspect(Job j) {
        Block b = new Block("job " + j.id() + " '" + j.name() + "'");
        b.add("state", j.state().keyword() + reasons(j));
        b.add("message", j.stateMessage());
        b.add("device", j.deviceId());
        b.add("owner", j.owner().isEmpty() ? "-" : j.owner());
        b.add("origin", j.origin());
        b.add("token", j.token());
        b.add("ticket", j.ticket().toString());
        for (DocumentInfo d : j.documents()) {
            b.add(d.index() == 0 ? "documents" : "", d.toString());
        }
        b.add("pages", count(j.pageCount()) + ", colour " + count(j.colorPageCount()) + ", printed "
                + j.pagesCompleted());
        b.add("project", j.project().orElse(""));
        b.add("account", j.account().orElse(""));
        b.add("cost", j.cost().map(Object::toString).orElse(""));
        b.add("favourite", j.favourite() ? "yes" : "");
        b.add("created", seconds.format(j.createdAt()));
        b.add("hold until", time(j.holdUntil()));
        b.add("printing", time(j.processingAt()));
        b.add("ended", time(j.completedAt()));
        b.add("attempts", Integer.toString(j.attempts()));
        return b.toString();
    }

    String line(PrinterStatus p) {
        List<String> flags = new ArrayList<>();
        if (p.paused()) {
            flags.add("paused");
        }
        if (!p.present()) {
            flags.add("absent");
        }
        String current = p.currentJobId().isPresent() ? "job " + p.currentJobId().getAsLong() : "-";
        String what = p.info().map(i -> i.name() + " (" + i.driver() + ")").orElse("no driver registered");
        return String.format("%-16s  %-10s  %-13s  queued %-4d  %-10s  %s", p.id(), p.state().keyword(),
                flags.isEmpty() ? "-" : String.join(" ", flags), p.queuedJobs(), current, what);
    }

    String inspect(PrinterStatus p) {
        Block b = new Block("device " + p.id() + p.info().map(i -> " '" + i.name() + "'").orElse(""));
        b.add("state", p.state().keyword()
                + (p.stateReasons().isEmpty() ? "" : " (" + String.join(", ", new TreeSet<>(p.stateReasons())) + ")"));
        b.add("message", p.stateMessage());
        b.add("paused", p.paused() ? "yes: no job starts until device:resume" : "no");
        b.add("present", p.present() ? "yes" : "no: no driver registers it now; its jobs wait");
        b.add("printing", p.currentJobId().isPresent() ? "job " + p.currentJobId().getAsLong() : "-");
        b.add("queued", Integer.toString(p.queuedJobs()));
        if (p.info().isPresent()) {
            DeviceInfo i = p.info().get();
            b.add("driver", i.driver());
            b.add("model", i.makeAndModel());
            b.add("location", i.location());
            b.add("uri", i.uri());
            b.add("formats", String.join(", ", new TreeSet<>(i.documentFormats())));
            b.add("colour", i.color() ? "yes" : "no");
            b.add("duplex", i.duplex() ? "yes" : "no");
            List<String> media = new ArrayList<>();
            for (String m : i.media()) {
                media.add(m.equals(i.mediaDefault()) ? m + " (default)" : m);
            }
            b.add("media", String.join(", ", media));
        }
        return b.toString();
    }

    String line(ApiKey k) {
        return String.format("%-12s  %-24s  %-20s  %s", k.id(), k.name(), scopes(k), minutes.format(k.created()));
    }

    String inspect(ApiKey k) {
        Block b = new Block("key " + k.id());
        b.add("name", k.name());
        b.add("scopes", scopes(k));
        b.add("created", seconds.format(k.created()));
        return b.toString();
    }

    String inspect(IssuedKey k) {
        Block b = new Block("created key " + k.key().id() + " '" + k.key().name() + "', scopes " + scopes(k.key()));
        b.add("secret", k.secret());
        return b + "\nThe secret is shown only this once and cannot be recovered: store it now.";
    }

    private String time(Optional<Instant> t) {
        return t.map(seconds::format).orElse("");
    }

    private static String reasons(Job j) {
        List<String> r = j.stateReasons().stream().filter(s -> !s.equals(JobStateReasons.NONE)).toList();
        return r.isEmpty() ? "" : " (" + String.join(", ", r) + ")";
    }

    private static String scopes(ApiKey k) {
        return k.scopes().isEmpty() ? "-" : String.join(",", new TreeSet<>(k.scopes()));
    }

    private static String count(int n) {
        return n == Job.UNKNOWN ? "unknown" : Integer.toString(n);
    }

    private static final class Block {
        private final StringBuilder sb;

        Block(String title) {
            sb = new StringBuilder(title);
        }

        void add(String label, String value) {
            if (value != null && !value.isEmpty()) {
                sb.append(String.format("\n  %-11s %s", label, value));
            }
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
