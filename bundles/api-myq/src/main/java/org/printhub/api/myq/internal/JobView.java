package org.printhub.api.myq.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.ToLongFunction;

import org.printhub.job.ColorMode;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/** The MyQ {@code Job} object (reference §4) of a core job, with the undocumented extras real servers send. */
final class JobView {
    /** The MIME type of the descriptor a client-spooled job holds instead of its document. */
    static final String CLIENT_JOB_TYPE = "application/vnd.printhub.myq-client-job+json";
    static final String CLIENT_SIZE = "myq.client.size";
    static final String CLIENT_COMPUTER = "myq.client.computer";
    static final String CLIENT_UUID = "myq.client.uuid";

    private final ZoneId zone;
    private final PriceTable prices;
    private final PullQueues queues;
    private final ToLongFunction<String> userIds;

    /** @param userIds the MyQ user id of an owner name, 0 for an owner who is no MyQ user */
    JobView(ZoneId zone, PriceTable prices, PullQueues queues, ToLongFunction<String> userIds) {
        this.zone = zone;
        this.prices = prices;
        this.queues = queues;
        this.userIds = userIds;
    }

    MyqState state(Job job) {
        return MyqState.of(job, queues.isPullQueue(job.deviceId()));
    }

    static boolean isClientJob(Job job) {
        return !job.documents().isEmpty() && CLIENT_JOB_TYPE.equals(job.documents().get(0).mimeType());
    }

    /** The MyQ job object of {@code job}, for Gson to write (through {@link #ADAPTER}) alone or in a page. */
    Shown of(Job job) {
        return new Shown(this, job);
    }

    /** A job as MyQ shows it; written, never read. */
    record Shown(JobView view, Job job) {
    }

    /**
     * Writes a {@link Shown} field by field, straight to Gson's writer: every status poll answers with one, so no map
     * and no reflection. Null fields follow the writer's setting (the surface's Gson omits them, as MyQ does).
     */
    static final TypeAdapter<Shown> ADAPTER = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Shown shown) throws IOException {
            if (shown == null) {
                out.nullValue();
            } else {
                shown.view().write(out, shown.job());
            }
        }

        @Override
        public Shown read(JsonReader in) {
            throw new UnsupportedOperationException("a MyQ job view is only written");
        }
    };

    private void write(JsonWriter out, Job job) throws IOException {
        ZonedDateTime created = job.createdAt().atZone(zone).truncatedTo(ChronoUnit.SECONDS);
        boolean inQueue = queues.isPullQueue(job.deviceId());
        JobTicket ticket = job.ticket();
        out.beginObject();
        out.name("id").value(job.id());
        out.name("name").value(job.name());
        out.name("date").value(created.format(DateTimeFormatter.ISO_LOCAL_DATE));
        out.name("dateTime").value(created.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.name("favorite").value(job.favourite());
        out.name("cost").value(cost(job));
        out.name("duplex").value(ticket.sides().isDuplex());
        out.name("color").value(color(job));
        out.name("pageCount").value(Math.max(0, job.pageCount()));
        out.name("colorCount").value(ticket.colorMode() == ColorMode.MONOCHROME ? 0 : Math.max(0, job.colorPageCount()));
        out.name("copies").value(ticket.copies());
        out.name("paper").beginObject().name("format").value(paper(ticket.media())).endObject();
        out.name("state").value(MyqState.of(job, inQueue).text());
        out.name("ownerId").value(userIds.applyAsLong(job.owner()));
        out.name("owner").value(job.owner());
        out.name("projectId").value(job.project().map(JobView::projectId).orElse(0L));
        out.name("account").value(job.account().orElse(null));
        out.name("queue").value(inQueue ? job.deviceId() : null);
        out.name("printerId").value(inQueue ? null : job.deviceId());
        out.name("size").value(size(job));
        if (isClientJob(job)) {
            out.name("client").beginObject();
            out.name("computer").value(ticket.extensions().get(CLIENT_COMPUTER));
            out.name("uuid").value(ticket.extensions().get(CLIENT_UUID));
            out.endObject();
        }
        out.endObject();
    }

    /** The stored cost (fixed when the job was released), else the price table's for where the job is now. */
    BigDecimal cost(Job job) {
        return job.cost().or(() -> prices.cost(job, job.deviceId())).orElse(BigDecimal.ZERO);
    }

    private static boolean color(Job job) {
        ColorMode mode = job.ticket().colorMode();
        if (mode != ColorMode.AUTO) {
            return mode == ColorMode.COLOR;
        }
        return job.colorPageCount() > 0;
    }

    static long size(Job job) {
        if (isClientJob(job)) {
            try {
                return Long.parseLong(job.ticket().extensions().getOrDefault(CLIENT_SIZE, "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return job.size();
    }

    static long projectId(String project) {
        try {
            return Long.parseLong(project);
        } catch (NumberFormatException e) {
            // a project named by another surface: MyQ knows projects by number only
            return 0;
        }
    }

    /** PWG media names as MyQ shows paper formats: {@code iso_a4_210x297mm} is {@code A4}. */
    static String paper(String media) {
        if (media == null) {
            return "default";
        }
        String[] parts = media.split("_");
        if (parts.length >= 3 && (parts[0].equals("iso") || parts[0].equals("na") || parts[0].equals("jis"))) {
            String n = parts[1];
            return n.length() <= 3 ? n.toUpperCase(Locale.ROOT) : Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
        return media;
    }
}
