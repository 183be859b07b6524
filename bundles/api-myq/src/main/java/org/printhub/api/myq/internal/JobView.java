package org.printhub.api.myq.internal;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.printhub.job.ColorMode;
import org.printhub.job.Job;

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

    Map<String, Object> of(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        ZonedDateTime created = job.createdAt().atZone(zone).truncatedTo(ChronoUnit.SECONDS);
        boolean inQueue = queues.isPullQueue(job.deviceId());
        m.put("id", job.id());
        m.put("name", job.name());
        m.put("date", created.format(DateTimeFormatter.ISO_LOCAL_DATE));
        m.put("dateTime", created.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("favorite", job.favourite());
        m.put("cost", cost(job));
        m.put("duplex", job.ticket().sides().isDuplex());
        m.put("color", color(job));
        m.put("pageCount", Math.max(0, job.pageCount()));
        m.put("colorCount", job.ticket().colorMode() == ColorMode.MONOCHROME ? 0 : Math.max(0, job.colorPageCount()));
        m.put("copies", job.ticket().copies());
        m.put("paper", Map.of("format", paper(job.ticket().media())));
        m.put("state", MyqState.of(job, inQueue).text());
        m.put("ownerId", userIds.applyAsLong(job.owner()));
        m.put("owner", job.owner());
        m.put("projectId", job.project().map(JobView::projectId).orElse(0L));
        m.put("account", job.account().orElse(null));
        m.put("queue", inQueue ? job.deviceId() : null);
        m.put("printerId", inQueue ? null : job.deviceId());
        m.put("size", size(job));
        if (isClientJob(job)) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("computer", job.ticket().extensions().get(CLIENT_COMPUTER));
            client.put("uuid", job.ticket().extensions().get(CLIENT_UUID));
            m.put("client", client);
        }
        return m;
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
