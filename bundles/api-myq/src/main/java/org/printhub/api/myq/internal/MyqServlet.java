package org.printhub.api.myq.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.printhub.api.myq.internal.ByteRange.NotSatisfiableException;
import org.printhub.http.CorsPolicy;
import org.printhub.http.Credentials;
import org.printhub.http.Json;
import org.printhub.http.Limits;
import org.printhub.http.RequestException;
import org.printhub.http.RequestTooLargeException;
import org.printhub.http.Responses;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobService;
import org.printhub.job.JobStorageException;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The MyQ X REST API: {@code POST /api/auth/token} and the v3 resources, under {@code /api/v3} and {@code /v3}.
 * Authenticates the bearer token, checks its scope, routes, and answers every error in MyQ's (OAuth) style.
 */
final class MyqServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MyqServlet.class);
    private static final String TOKEN_PATH = "/api/auth/token";
    private static final Set<String> PROTOCOLS = Set.of("air", "ipps", "lpr", "raw");
    /** How much of a refused request's body is read and dropped, beyond which the connection is closed instead. */
    private static final long DRAIN_LIMIT = 8L << 20;

    private final transient TokenEndpoint tokenEndpoint;
    private final transient Tokens tokens;
    private final transient Accounts accounts;
    private final transient MyqJobs myqJobs;
    private final transient JobService jobs;
    private final transient PrinterService printers;
    private final transient PullQueues queues;
    private final transient JobView view;
    private final transient Limits limits;
    private final transient CorsPolicy cors;
    private final transient Json json;

    MyqServlet(TokenEndpoint tokenEndpoint, Tokens tokens, Accounts accounts, MyqJobs myqJobs, JobService jobs, PrinterService printers,
            PullQueues queues, JobView view, Limits limits, CorsPolicy cors, Json json) {
        this.tokenEndpoint = tokenEndpoint;
        this.tokens = tokens;
        this.accounts = accounts;
        this.myqJobs = myqJobs;
        this.jobs = jobs;
        this.printers = printers;
        this.queues = queues;
        this.view = view;
        this.limits = limits;
        this.cors = cors;
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (cors.handlePreflight(request, response)) {
                return;
            }
            cors.applyHeaders(request, response);
            route(request, response);
        } catch (MyqException e) {
            error(request, response, e);
        } catch (RequestTooLargeException e) {
            error(request, response, new MyqException(413, "request_too_large", e.getMessage()));
        } catch (RequestException e) {
            error(request, response, MyqException.badRequest(e.getMessage()));
        } catch (NoSuchJobException e) {
            error(request, response, MyqException.notFound(e.getMessage()));
        } catch (IllegalJobStateException e) {
            error(request, response, MyqException.conflict(e.getMessage()));
        } catch (JobRejectedException e) {
            error(request, response, MyqException.badRequest(Responses.clientMessage(e)));
        } catch (IllegalArgumentException e) {
            error(request, response, MyqException.badRequest(Responses.clientMessage(e)));
        } catch (JobStorageException e) {
            LOG.error("MyQ: {} {}: the job store failed", request.getMethod(), request.getRequestURI(), e);
            error(request, response, new MyqException(503, "temporarily_unavailable", "the job store is not available"));
        } catch (RuntimeException e) {
            LOG.error("MyQ: {} {} failed", request.getMethod(), request.getRequestURI(), e);
            error(request, response, new MyqException(500, "server_error", "internal server error"));
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if (path.equals(TOKEN_PATH)) {
            allow(method, "POST");
            Map<String, Object> body = tokenEndpoint.token(request, limits.maxJsonBytes());
            response.setHeader("Pragma", "no-cache");
            json.write(response, 200, body);
            return;
        }
        if (path.startsWith("/api/v3/")) {
            path = path.substring(4);
        }
        if (!path.startsWith("/v3/")) {
            throw MyqException.notFound("no resource at " + Requests.clip(path));
        }
        String[] s = path.substring(4).split("/", -1);
        Tokens.Grant caller = authenticate(request);
        switch (s[0]) {
            case "jobs":
                jobs(request, response, caller, s, method);
                return;
            case "printers":
                printers(request, response, caller, s, method);
                return;
            case "queues":
                queues(request, response, caller, s, method);
                return;
            default:
                throw MyqException.notFound("no resource at " + Requests.clip(path));
        }
    }

    private void jobs(HttpServletRequest request, HttpServletResponse response, Tokens.Grant caller, String[] s,
            String method) throws IOException {
        if (s.length == 1) {
            if (method.equals("GET")) {
                requireUser(caller, Scopes.JOBS);
                list(request, response, caller);
            } else {
                allow(method, "GET", "PATCH");
                requireUser(caller, Scopes.JOBS);
                List<Job> done = myqJobs.patchAll(caller, body(request));
                json.write(response, 200, page(done));
            }
            return;
        }
        if (s.length == 2 && s[1].equals("delete")) {
            allow(method, "POST");
            requireUser(caller, Scopes.JOBS);
            myqJobs.delete(caller, body(request));
            Responses.empty(response, 204);
            return;
        }
        if (s.length == 2 && s[1].equals("client")) {
            allow(method, "POST");
            require(caller, Scopes.JOBS, Scopes.PRINT_SERVICES);
            if (caller.user() != null) {
                require(caller, Scopes.JOBS);
            }
            long id = myqJobs.createClientJob(caller, object(request));
            json.write(response, 200, Map.of("id", id));
            return;
        }
        if (s.length == 2 && s[1].equals("process")) {
            allow(method, "POST");
            require(caller, Scopes.JOBS, Scopes.JOBS_PROCESS);
            if (caller.user() == null) {
                require(caller, Scopes.JOBS_PROCESS);
            }
            json.write(response, 200, page(myqJobs.process(caller, object(request))));
            return;
        }
        long id = Requests.id(s[1], "job id");
        if (s.length == 2) {
            requireUser(caller, Scopes.JOBS);
            switch (method) {
                case "GET":
                    json.write(response, 200, view.of(myqJobs.visible(caller, id)));
                    return;
                case "PATCH":
                    json.write(response, 200, view.of(myqJobs.patch(caller, id, object(request))));
                    return;
                case "DELETE":
                    myqJobs.delete(caller, id);
                    Responses.empty(response, 204);
                    return;
                default:
                    allow(method, "GET", "PATCH", "DELETE");
            }
        }
        if (s.length == 3 && s[2].equals("state")) {
            allow(method, "GET");
            requireUser(caller, Scopes.JOBS);
            json.write(response, 200, Map.of("state", view.state(myqJobs.visible(caller, id)).text()));
            return;
        }
        if (s.length == 3 && s[2].equals("data")) {
            allow(method, "GET");
            require(caller, Scopes.PRINT);
            data(request, response, myqJobs.visible(caller, id));
            return;
        }
        if (s.length == 3 && s[2].equals("script")) {
            allow(method, "POST");
            requireUser(caller, Scopes.JOBS);
            object(request);
            myqJobs.visible(caller, id);
            // No interaction scripts run here, so no job ever waits for an answer: there is no next dialog.
            json.write(response, 200, Map.of());
            return;
        }
        throw MyqException.notFound("no resource at /v3/" + Requests.clip(String.join("/", s)));
    }

    private void list(HttpServletRequest request, HttpServletResponse response, Tokens.Grant caller)
            throws IOException {
        Set<MyqState> states = new LinkedHashSet<>();
        Optional<String> state = Credentials.queryParameter(request, "state");
        if (state.isPresent()) {
            for (String t : state.get().split(",")) {
                if (!t.isBlank()) {
                    try {
                        states.add(MyqState.parse(t));
                    } catch (IllegalArgumentException e) {
                        throw MyqException.badRequest(e.getMessage());
                    }
                }
            }
        }
        Boolean favourite = Requests.queryBool(query(request, "favorite"), "favorite");
        int offset = Requests.queryInt(query(request, "offset"), "offset", 0, Integer.MAX_VALUE, 0);
        int limit = Requests.queryInt(query(request, "limit"), "limit", 1, 1000, 100);
        json.write(response, 200, myqJobs.list(caller, states, favourite, offset, limit));
    }

    private void data(HttpServletRequest request, HttpServletResponse response, Job job) throws IOException {
        if (JobView.isClientJob(job)) {
            throw MyqException.conflict("job " + job.id() + " is spooled on the user's computer; the server has no data");
        }
        long size = job.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.getHeader("Range"), size);
        } catch (NotSatisfiableException e) {
            throw new MyqException(416, "range_not_satisfiable", e.getMessage(),
                    Map.of("Content-Range", "bytes */" + size));
        }
        long first = range.map(r -> r.first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        try (InputStream in = concatenated(job)) {
            skipFully(in, first);
            response.setStatus(range.isPresent() ? 206 : 200);
            Responses.noStore(response);
            response.setHeader("Accept-Ranges", "bytes");
            range.ifPresent(r -> response.setHeader("Content-Range", r.contentRange(size)));
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(length);
            OutputStream out = response.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("job " + job.id() + " has fewer bytes than its documents declare");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** The job's documents one after another, each opened only when the previous one is read. */
    private InputStream concatenated(Job job) throws IOException {
        List<Integer> indexes = new ArrayList<>();
        job.documents().forEach(d -> indexes.add(d.index()));
        if (indexes.size() == 1) {
            return jobs.openDocument(job.id(), indexes.get(0));
        }
        Enumeration<InputStream> e = new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < indexes.size();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return jobs.openDocument(job.id(), indexes.get(next++));
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
        };
        return indexes.isEmpty() ? InputStream.nullInputStream() : new SequenceInputStream(e);
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the spool file ended early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void printers(HttpServletRequest request, HttpServletResponse response, Tokens.Grant caller, String[] s,
            String method) throws IOException {
        String printer = s.length > 1 ? decode(s[1]) : "";
        if (s.length == 3 && s[2].equals("printAll")) {
            allow(method, "GET");
            requireUser(caller, Scopes.JOBS, Scopes.PRINT);
            json.write(response, 200, myqJobs.printAll(caller, printer));
            return;
        }
        if (s.length == 4 && s[2].equals("jobs") && s[3].equals("release")) {
            allow(method, "POST");
            requireUser(caller, Scopes.JOBS, Scopes.PRINT);
            json.write(response, 202, page(myqJobs.release(caller, printer, object(request))));
            return;
        }
        throw MyqException.notFound("no resource at /v3/" + Requests.clip(String.join("/", s)));
    }

    private void queues(HttpServletRequest request, HttpServletResponse response, Tokens.Grant caller, String[] s,
            String method) throws IOException {
        allow(method, "GET");
        require(caller, Scopes.QUEUES);
        String protocol = query(request, "protocol");
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            throw MyqException.badRequest("protocol must be air, ipps, lpr or raw, not '" + Requests.clip(protocol) + "'");
        }
        String state = Optional.ofNullable(query(request, "state")).orElse("all");
        if (!Set.of("online", "offline", "all").contains(state)) {
            throw MyqException.badRequest("state must be online, offline or all, not '" + Requests.clip(state) + "'");
        }
        boolean client = "client".equals(query(request, "include"));
        List<Map<String, Object>> list = new ArrayList<>();
        for (PrinterStatus p : printers.printers()) {
            Map<String, Object> q = queue(p, client);
            if (state.equals("all") || state.equals(q.get("state"))) {
                list.add(q);
            }
        }
        if (s.length == 2) {
            String name = decode(s[1]);
            name = name.startsWith("name:") ? name.substring(5) : name;
            for (Map<String, Object> q : list) {
                if (name.equals(q.get("name"))) {
                    json.write(response, 200, q);
                    return;
                }
            }
            throw MyqException.notFound("queue " + Requests.clip(name) + " not found");
        }
        if (s.length != 1) {
            throw MyqException.notFound("no resource at /v3/" + Requests.clip(String.join("/", s)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queues", list);
        out.put("count", list.size());
        out.put("ippsPort", 0);
        out.put("airPrintPort", 0);
        json.write(response, 200, out);
    }

    private Map<String, Object> queue(PrinterStatus p, boolean client) {
        boolean pull = queues.isPullQueue(p.id());
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", p.id());
        q.put("name", p.id());
        q.put("type", pull ? "follow" : "direct");
        // A pull queue takes jobs while paused: being paused is what keeps them held.
        q.put("state", p.present() && (pull || !p.paused()) ? "online" : "offline");
        q.put("availableProtocols", List.of());
        q.put("printerId", pull ? null : p.id());
        if (client) {
            q.put("client", Map.of("interaction", Map.of("project", false, "paymentAccount", false)));
        }
        return q;
    }

    private Tokens.Grant authenticate(HttpServletRequest request) {
        Optional<String> token = Credentials.bearer(request);
        if (token.isEmpty()) {
            // MyQ's documentation writes the header as "Authentication"; clients copied it.
            String h = request.getHeader("Authentication");
            if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && !h.substring(7).isBlank()) {
                token = Optional.of(h.substring(7).trim());
            }
        }
        if (token.isEmpty()) {
            throw MyqException.unauthorized("an access token is required (Authorization: Bearer <token>)");
        }
        Tokens.Grant grant = tokens.authenticate(token.get())
                .orElseThrow(() -> MyqException.unauthorized("the access token is invalid, expired or revoked"));
        // Removing a user or an application revokes its tokens; this holds even if that revocation was missed.
        if (accounts.application(grant.clientId()).isEmpty()
                || grant.user() != null && accounts.user(grant.user()).isEmpty()) {
            throw MyqException.unauthorized("the access token's user or application no longer exists");
        }
        return grant;
    }

    /** The token must carry one of {@code scopes}. */
    private static void require(Tokens.Grant caller, String... scopes) {
        for (String s : scopes) {
            if (caller.has(s)) {
                return;
            }
        }
        throw MyqException.insufficientScope(String.join(" or ", scopes));
    }

    private static void requireUser(Tokens.Grant caller, String... scopes) {
        require(caller, scopes);
        if (caller.user() == null) {
            throw new MyqException(403, "forbidden",
                    "this call needs a user's token (grant login_info, password or refresh_token)");
        }
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new MyqException(405, "method_not_allowed", "use " + String.join(" or ", allowed),
                Map.of("Allow", String.join(", ", allowed)));
    }

    private JsonElement body(HttpServletRequest request) throws IOException {
        return json.readJson(request, JsonElement.class, limits.maxJsonBytes());
    }

    private JsonObject object(HttpServletRequest request) throws IOException {
        JsonElement e = body(request);
        if (!e.isJsonObject()) {
            throw MyqException.badRequest("the body must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private Map<String, Object> page(List<Job> list) {
        List<JobView.Shown> out = new ArrayList<>();
        list.forEach(j -> out.add(view.of(j)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobs", out);
        m.put("count", out.size());
        return m;
    }

    private static String query(HttpServletRequest request, String name) {
        return Credentials.queryParameter(request, name).orElse(null);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw MyqException.badRequest("malformed %-escape in the path");
        }
    }

    private void error(HttpServletRequest request, HttpServletResponse response, MyqException e) throws IOException {
        if (response.isCommitted()) {
            LOG.warn("MyQ: could not answer {} {}: the response had started", e.status, e.getMessage());
            return;
        }
        response.resetBuffer();
        // a body refused before it was read (a wrong content type, a bad token) is read and dropped, or the
        // connection closed, so that a kept-alive client's next request does not land on a connection Jetty drops
        Responses.discardUnreadBody(request, response, DRAIN_LIMIT);
        e.headers.forEach(response::setHeader);
        json.write(response, e.status, e.body());
    }
}
