package org.printhub.api.myq.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.printhub.api.myq.internal.Accounts.User;
import org.printhub.job.DocumentInfo;
import org.printhub.job.DocumentSource;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobOperation;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.JobTicket;
import org.printhub.job.JobUpdate;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What the MyQ job and printer endpoints do to core jobs, for one caller. A user's token reaches only that
 * user's jobs: any other job is answered as if it did not exist. Requests that name several jobs are checked
 * whole before anything changes.
 */
final class MyqJobs {
    static final String ORIGIN = "myq";
    static final int MAX_IDS = 1000;
    /** How many jobs one printAll releases; moreJobs tells the terminal to call again. */
    static final int PRINT_ALL_BATCH = 100;

    private static final Set<String> PATCHABLE = Set.of("ownerId", "projectId", "favorite", "account");

    private final JobService jobs;
    private final PrinterService printers;
    private final PullQueues queues;
    private final Accounts accounts;
    private final JobView view;
    private final PriceTable prices;
    private final Gson gson;

    MyqJobs(JobService jobs, PrinterService printers, PullQueues queues, Accounts accounts, JobView view,
            PriceTable prices, Gson gson) {
        this.jobs = jobs;
        this.printers = printers;
        this.queues = queues;
        this.accounts = accounts;
        this.view = view;
        this.prices = prices;
        this.gson = gson;
    }

    /** The job, if the caller may see it: a user's own, or any for an application's token. */
    Job visible(Tokens.Grant caller, long id) {
        return jobs.find(id).filter(j -> caller.user() == null || caller.user().equals(j.owner()))
                .orElseThrow(() -> MyqException.notFound("job " + id + " not found"));
    }

    Map<String, Object> list(Tokens.Grant caller, Set<MyqState> states, Boolean favourite, int offset, int limit) {
        EnumSet<JobState> core = EnumSet.noneOf(JobState.class);
        states.forEach(s -> core.addAll(s.coreStates()));
        JobQuery.Builder q = JobQuery.builder().owner(caller.user()).favourite(favourite).states(core);
        List<JobView.Shown> out = new ArrayList<>();
        long count;
        if (states.stream().allMatch(MyqState::isExact)) {
            JobPage page = jobs.query(q.offset(offset).limit(limit).build());
            page.jobs().forEach(j -> out.add(view.of(j)));
            count = page.total();
        } else {
            // Several MyQ states share core states (canceled and deleted, processing and printing): look at each.
            count = 0;
            int at = 0;
            JobPage page;
            do {
                page = jobs.query(q.offset(at).limit(JobQuery.MAX_LIMIT).build());
                for (Job j : page.jobs()) {
                    if (states.contains(view.state(j))) {
                        if (count >= offset && out.size() < limit) {
                            out.add(view.of(j));
                        }
                        count++;
                    }
                }
                at += page.jobs().size();
            } while (page.hasMore() && !page.jobs().isEmpty());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobs", out);
        m.put("count", count);
        return m;
    }

    Job patch(Tokens.Grant caller, long id, JsonObject body) {
        JobUpdate update = patchOf(body, false);
        visible(caller, id);
        return update.isEmpty() ? jobs.get(id) : jobs.update(id, update);
    }

    /** {@code {"jobs":[{"id":1,...}]}} (or the bare array of an older revision). */
    List<Job> patchAll(Tokens.Grant caller, JsonElement body) {
        JsonArray items = body.isJsonArray() ? body.getAsJsonArray()
                : body.isJsonObject() && body.getAsJsonObject().get("jobs") instanceof JsonArray a ? a : null;
        if (items == null) {
            throw MyqException.badRequest("the body must be {\"jobs\": [{\"id\": ..., ...}]}");
        }
        if (items.size() > MAX_IDS) {
            throw MyqException.badRequest("at most " + MAX_IDS + " jobs per request");
        }
        Map<Long, JobUpdate> updates = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isJsonObject()) {
                throw MyqException.badRequest("jobs[" + i + "] must be an object");
            }
            JsonObject o = items.get(i).getAsJsonObject();
            long id = Requests.id(o.get("id"), "jobs[" + i + "].id");
            if (updates.put(id, patchOf(o, true)) != null) {
                throw MyqException.badRequest("job " + id + " is listed twice");
            }
        }
        updates.keySet().forEach(id -> visible(caller, id));
        List<Job> done = new ArrayList<>();
        updates.forEach((id, u) -> done.add(u.isEmpty() ? jobs.get(id) : jobs.update(id, u)));
        return done;
    }

    private JobUpdate patchOf(JsonObject o, boolean withId) {
        for (String key : o.keySet()) {
            if (!PATCHABLE.contains(key) && !(withId && key.equals("id"))) {
                throw MyqException.badRequest("'" + Requests.clip(key) + "' cannot be changed (patchable: ownerId, "
                        + "projectId, favorite, account)");
            }
        }
        JobUpdate.Builder u = JobUpdate.builder();
        if (o.has("ownerId")) {
            long ownerId = Requests.integer(o.get("ownerId"), "ownerId", 1, Long.MAX_VALUE);
            User owner = accounts.user(ownerId)
                    .orElseThrow(() -> MyqException.badRequest("ownerId " + ownerId + " is no MyQ user"));
            u.owner(owner.name());
        }
        if (o.has("projectId")) {
            long project = Requests.integer(o.get("projectId"), "projectId", 0, Long.MAX_VALUE);
            u.project(project == 0 ? null : Long.toString(project));
        }
        if (o.has("favorite")) {
            u.favourite(Requests.bool(o.get("favorite"), "favorite"));
        }
        if (o.has("account")) {
            u.account(Requests.text(o.get("account"), "account", JobUpdate.MAX_TEXT));
        }
        return u.build();
    }

    /** Cancels active jobs and removes ended ones. */
    void delete(Tokens.Grant caller, JsonElement body) {
        if (!body.isJsonArray()) {
            throw MyqException.badRequest("the body must be a list of job ids, e.g. [12, 13]");
        }
        List<Long> ids = ids(body.getAsJsonArray(), "");
        ids.forEach(id -> visible(caller, id));
        ids.forEach(this::delete);
    }

    void delete(Tokens.Grant caller, long id) {
        visible(caller, id);
        delete(id);
    }

    private void delete(long id) {
        Job j = jobs.get(id);
        if (j.state().isTerminal()) {
            jobs.delete(id);
        } else {
            jobs.cancel(id);
        }
    }

    /** {@code POST /v3/jobs/client}: a held job whose document stays on the user's computer. */
    long createClientJob(Tokens.Grant caller, JsonObject body) {
        String queue = Requests.text(body.get("queue"), "queue", 64);
        if (queue == null || !queues.isPullQueue(queue)) {
            throw MyqException.badRequest("queue '" + Requests.clip(queue) + "' is no pull queue (queues: "
                    + String.join(", ", queues.queues()) + ")");
        }
        String owner = Requests.text(body.get("owner"), "owner", JobUpdate.MAX_TEXT);
        if (caller.user() != null) {
            if (owner != null && !owner.equals(caller.user()) && !caller.has("impersonate")) {
                throw new MyqException(403, "forbidden", "a user creates client jobs for themselves only");
            }
            owner = owner == null ? caller.user() : owner;
        }
        if (owner == null || accounts.user(owner).isEmpty()) {
            throw MyqException.badRequest("owner '" + Requests.clip(owner) + "' is no MyQ user");
        }
        String name = Requests.text(body.get("name"), "name", JobUpdate.MAX_TEXT);
        if (name == null || name.isBlank()) {
            throw MyqException.badRequest("name is required");
        }
        long size = body.has("size") ? Requests.integer(body.get("size"), "size", 0, Long.MAX_VALUE) : 0;
        String computer = Requests.text(body.get("computer"), "computer", JobUpdate.MAX_TEXT);
        String uuid = Requests.text(body.get("uuid"), "uuid", JobUpdate.MAX_TEXT);
        JsonElement info = body.get("jobInfo");
        if (info != null && !info.isJsonNull() && !info.isJsonObject()) {
            throw MyqException.badRequest("jobInfo must be an object");
        }
        JobTicket.Builder t = JobTicket.builder().extension(JobView.CLIENT_SIZE, Long.toString(size));
        if (computer != null) {
            t.extension(JobView.CLIENT_COMPUTER, computer);
        }
        if (uuid != null) {
            t.extension(JobView.CLIENT_UUID, uuid);
        }
        byte[] descriptor = gson.toJson(body).getBytes(StandardCharsets.UTF_8);
        Job job = jobs.submit(JobSubmission.to(queue).hold(true).name(name).owner(owner).origin(ORIGIN)
                .ticket(t.build())
                .document(DocumentSource.of(name + ".myq-client.json", JobView.CLIENT_JOB_TYPE,
                        new ByteArrayInputStream(descriptor)))
                .build());
        return job.id();
    }

    /** {@code POST /v3/jobs/process}: applies owner, project and account; jobs still arriving become ready. */
    List<Job> process(Tokens.Grant caller, JsonObject body) {
        for (String key : body.keySet()) {
            if (!Set.of("jobIds", "owner", "projectId", "account").contains(key)) {
                throw MyqException.badRequest("'" + Requests.clip(key) + "' is not a processing field (fields: "
                        + "jobIds, owner, projectId, account)");
            }
        }
        if (!(body.get("jobIds") instanceof JsonArray a)) {
            throw MyqException.badRequest("jobIds must be a list of job ids");
        }
        List<Long> ids = ids(a, "jobIds");
        JobUpdate.Builder u = JobUpdate.builder();
        String owner = Requests.text(body.get("owner"), "owner", JobUpdate.MAX_TEXT);
        if (owner != null) {
            if (accounts.user(owner).isEmpty()) {
                throw MyqException.badRequest("owner '" + Requests.clip(owner) + "' is no MyQ user");
            }
            if (caller.user() != null && !owner.equals(caller.user()) && !caller.has("impersonate")) {
                throw new MyqException(403, "forbidden", "a user cannot give jobs to another user here");
            }
            u.owner(owner);
        }
        if (body.has("projectId")) {
            long project = Requests.integer(body.get("projectId"), "projectId", 0, Long.MAX_VALUE);
            u.project(project == 0 ? null : Long.toString(project));
        }
        if (body.has("account")) {
            u.account(Requests.text(body.get("account"), "account", JobUpdate.MAX_TEXT));
        }
        JobUpdate update = u.build();
        ids.forEach(id -> visible(caller, id));
        List<Job> done = new ArrayList<>();
        for (long id : ids) {
            Job j = update.isEmpty() ? jobs.get(id) : jobs.update(id, update);
            if (j.state() == JobState.PENDING && queues.isPullQueue(j.deviceId())) {
                j = jobs.hold(id);
            }
            done.add(j);
        }
        return done;
    }

    /** {@code GET /v3/printers/{id}/printAll}: releases the user's ready jobs to the printer, a batch at a time. */
    Map<String, Object> printAll(Tokens.Grant caller, String printerId) {
        requirePrinter(printerId);
        List<Map<String, Object>> released = new ArrayList<>();
        boolean more = false;
        for (String q : queues.queues()) {
            int at = 0;
            JobPage page;
            do {
                page = jobs.query(JobQuery.builder().owner(caller.user()).deviceId(q).state(JobState.HELD)
                        .oldestFirst().offset(at).limit(JobQuery.MAX_LIMIT).build());
                for (Job j : page.jobs()) {
                    if (JobView.isClientJob(j)) {
                        continue;
                    }
                    if (released.size() == PRINT_ALL_BATCH) {
                        more = true;
                        break;
                    }
                    Job r;
                    try {
                        r = releaseHeld(j, printerId, ReleaseOptions.NONE);
                    } catch (IllegalJobStateException e) {
                        continue; // canceled, expired or released meanwhile
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("projectId", r.project().map(JobView::projectId).orElse(0L));
                    released.add(m);
                }
                at += page.jobs().size();
            } while (!more && page.hasMore() && !page.jobs().isEmpty());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", released);
        out.put("counters", List.of(released.size()));
        out.put("moreJobs", more);
        out.put("projectSelected", false);
        return out;
    }

    /**
     * {@code POST /v3/printers/{id}/jobs/release}: held jobs go to the printer with the release options applied
     * to their tickets; a printed favourite is printed again as a new job, the favourite staying as it was.
     */
    List<Job> release(Tokens.Grant caller, String printerId, JsonObject body) {
        for (String key : body.keySet()) {
            if (!Set.of("jobIds", "projectId", "releaseOptions", "account").contains(key)) {
                throw MyqException.badRequest("'" + Requests.clip(key) + "' is not a release field (fields: jobIds, "
                        + "projectId, releaseOptions, account)");
            }
        }
        if (!(body.get("jobIds") instanceof JsonArray a) || a.isEmpty()) {
            throw MyqException.badRequest("jobIds must be a list of job ids");
        }
        List<Long> ids = ids(a, "jobIds");
        ReleaseOptions options = ReleaseOptions.parse(body.get("releaseOptions"));
        JobUpdate.Builder meta = JobUpdate.builder();
        if (body.has("projectId")) {
            long project = Requests.integer(body.get("projectId"), "projectId", 0, Long.MAX_VALUE);
            if (project > 0) {
                meta.project(Long.toString(project));
            }
        }
        String account = Requests.text(body.get("account"), "account", JobUpdate.MAX_TEXT);
        if (account != null) {
            meta.account(account);
        }
        requirePrinter(printerId);
        List<Job> targets = new ArrayList<>();
        for (long id : ids) {
            Job j = visible(caller, id);
            if (JobView.isClientJob(j)) {
                throw MyqException.conflict("job " + id + " is spooled on the user's computer"
                        + " and is released by the MyQ Desktop Client");
            }
            boolean reprint = j.state().isTerminal() && j.favourite() && j.state() == JobState.COMPLETED;
            if (j.state() != JobState.HELD && !reprint) {
                throw MyqException.conflict("job " + id + " is " + view.state(j).text()
                        + ": only ready jobs and printed favourites can be released");
            }
            targets.add(j);
        }
        JobUpdate metadata = meta.build();
        List<Job> done = new ArrayList<>();
        for (Job j : targets) {
            if (!metadata.isEmpty()) {
                j = jobs.update(j.id(), metadata);
            }
            done.add(j.state() == JobState.HELD ? releaseHeld(j, printerId, options) : reprint(j, printerId, options));
        }
        return done;
    }

    private Job releaseHeld(Job job, String printerId, ReleaseOptions options) {
        return queues.releasing(() -> {
            Job j = jobs.get(job.id());
            if (j.state() != JobState.HELD) {
                throw new IllegalJobStateException(j.id(), j.state(), JobOperation.RELEASE);
            }
            JobUpdate.Builder u = JobUpdate.builder();
            if (options.changesTicket()) {
                u.ticket(options.applyTo(j.ticket()));
            }
            Job priced = (options.changesTicket() ? u.build().applyTo(j) : j).toBuilder().deviceId(printerId).build();
            prices.cost(priced, printerId).ifPresent(u::cost);
            JobUpdate update = u.build();
            if (!update.isEmpty()) {
                jobs.update(j.id(), update);
            }
            return jobs.release(j.id(), printerId);
        });
    }

    private Job reprint(Job favourite, String printerId, ReleaseOptions options) {
        JobSubmission.Builder s = JobSubmission.to(printerId).name(favourite.name()).owner(favourite.owner())
                .origin(ORIGIN).project(favourite.project().orElse(null)).account(favourite.account().orElse(null))
                .ticket(options.applyTo(favourite.ticket()));
        for (DocumentInfo d : favourite.documents()) {
            int index = d.index();
            s.document(DocumentSource.of(d.name(), d.mimeType(), () -> jobs.openDocument(favourite.id(), index)));
        }
        Job copy = jobs.submit(s.build());
        if (favourite.pageCount() == Job.UNKNOWN) {
            return copy;
        }
        // The copy's facts are the favourite's: the same documents.
        JobUpdate.Builder facts = JobUpdate.builder().pageCount(favourite.pageCount());
        if (favourite.colorPageCount() != Job.UNKNOWN) {
            facts.colorPageCount(favourite.colorPageCount());
        }
        Job counted = facts.build().applyTo(copy);
        prices.cost(counted, printerId).ifPresent(facts::cost);
        return jobs.update(copy.id(), facts.build());
    }

    private void requirePrinter(String printerId) {
        if (printers.printer(printerId).filter(PrinterStatus::present).filter(x -> !queues.isPullQueue(x.id()))
                .isEmpty()) {
            throw MyqException.notFound("printer " + Requests.clip(printerId) + " not found");
        }
    }

    private static List<Long> ids(JsonArray a, String what) {
        if (a.size() > MAX_IDS) {
            throw MyqException.badRequest("at most " + MAX_IDS + " job ids per request");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            long id = Requests.id(a.get(i), what + "[" + i + "]");
            if (!ids.add(id)) {
                throw MyqException.badRequest("job " + id + " is listed twice");
            }
        }
        return List.copyOf(ids);
    }
}
