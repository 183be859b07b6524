package org.printhub.api.cirrus.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.printhub.http.BadRequestException;
import org.printhub.http.Compression;
import org.printhub.http.CorruptCompressedDataException;
import org.printhub.http.DecompressionLimitException;
import org.printhub.http.Json;
import org.printhub.http.Limits;
import org.printhub.http.RequestException;
import org.printhub.http.Responses;
import org.printhub.job.Job;
import org.printhub.job.JobException;
import org.printhub.job.JobService;
import org.printhub.job.JobStorageException;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every CirrusPrint endpoint under {@code /api}. Request problems (credentials, missing or malformed parameters,
 * sizes) are 4xx; everything else that goes wrong is 200 with {@code Error: <message>}, as CirrusPrint answers.
 */
final class CirrusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CirrusServlet.class);
    private static final Set<String> GET_OR_POST = Set.of("GET", "POST");
    private static final Set<String> PUT = Set.of("PUT");
    private static final long DRAIN_LIMIT = 8L << 20;
    private static final Set<String> FORMATS = Set.of("pdf", "pcl", "pcl6", "ps", "txt", "any");

    private final transient CirrusConfig config;
    private final transient Authenticator authenticator;
    private final transient CirrusDirectory directory;
    private final transient Uploads uploads;
    private final transient Submissions submissions;
    private final transient JobService jobs;
    private final transient PrinterService printers;
    private final transient Limits limits;
    private final transient Json json = Json.serializingNulls();

    CirrusServlet(CirrusConfig config, Authenticator authenticator, CirrusDirectory directory, Uploads uploads,
            Submissions submissions, JobService jobs, PrinterService printers, Limits limits) {
        this.config = config;
        this.authenticator = authenticator;
        this.directory = directory;
        this.uploads = uploads;
        this.submissions = submissions;
        this.jobs = jobs;
        this.printers = printers;
        this.limits = limits;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            route(request, response);
        } catch (CirrusError e) {
            refuse(request, response, e.status(), e.getMessage());
        } catch (Submissions.ReadFailure e) {
            requestFailure(request, response, e.getCause());
        } catch (RequestException e) {
            requestFailure(request, response, e);
        } catch (JobStorageException e) {
            LOG.warn("CirrusPrint request {} {}: job store failed: {}", request.getMethod(), request.getPathInfo(),
                    e.getMessage());
            refuse(request, response, 200, "the job store failed; nothing was stored, try again");
        } catch (JobException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RequestException) {
                requestFailure(request, response, (RequestException) cause);
            } else {
                refuse(request, response, 200, Responses.clientMessage(e));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("CirrusPrint request {} {} failed", request.getMethod(), request.getPathInfo(), e);
            refuse(request, response, 500, "internal server error");
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] p = path.split("/", -1);
        String endpoint = p.length > 1 ? p[1].toLowerCase(Locale.ROOT) : "";
        if (p.length == 2) {
            switch (endpoint) {
                case "version":
                    method(request, response, Set.of("GET"));
                    version(response);
                    return;
                case "putfile":
                    method(request, response, PUT);
                    putFile(request, response);
                    return;
                case "tempfile":
                    method(request, response, GET_OR_POST);
                    tempFile(request, response);
                    return;
                case "putsegment":
                    method(request, response, PUT);
                    putSegment(request, response);
                    return;
                case "submitfile":
                    method(request, response, GET_OR_POST);
                    submitFile(request, response);
                    return;
                default:
                    break;
            }
        }
        if ((endpoint.equals("get") || endpoint.equals("put")) && p.length >= 5) {
            method(request, response, GET_OR_POST);
            String kind = p[2].toLowerCase(Locale.ROOT);
            boolean get = endpoint.equals("get");
            if (kind.equals("job") && get && p.length == 7) {
                getJob(request, response, p[3], p[4], p[5], p[6]);
                return;
            }
            if (kind.equals("device") && p.length == 6) {
                device(request, response, get, p[3], p[4], p[5]);
                return;
            }
            if (kind.equals("location") && p.length == 5) {
                location(request, response, get, p[3], p[4]);
                return;
            }
        }
        throw CirrusError.request(404, "unknown endpoint /api" + Texts.clip(path));
    }

    private void version(HttpServletResponse response) throws IOException {
        Responses.text(response, 200, String.join("\n", config.serverVersion(), config.clientVersion(),
                config.serialNumber(), config.licensee()));
    }

    private void putFile(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Parameters params = Parameters.parseQuery(request.getQueryString());
        Caller caller = authenticator.authenticate(request, params);
        String company = company(caller, params.get("compid").orElse(null));
        if (params.get("targets").isEmpty()) {
            String name = uploads.putWhole(company, body(request));
            Responses.text(response, 200, name);
            return;
        }
        List<Submissions.Resolved> targets = resolve(company, params);
        Compression compression = compression(params);
        String title = params.get("title").orElse("");
        InputStream body = body(request);
        List<Job> created;
        if (targets.size() == 1) {
            created = submissions.submit(caller, company, targets, title, compression, () -> body);
        } else {
            // the body can be read once: inflate it to a scratch file (which also checks it), then make the jobs
            Path scratch = uploads.scratch(company);
            try {
                try (InputStream in = limits.decompress(body, compression);
                        OutputStream out = Files.newOutputStream(scratch)) {
                    in.transferTo(out);
                }
                created = submissions.submit(caller, company, targets, title, Compression.NONE,
                        () -> Files.newInputStream(scratch));
            } finally {
                Files.deleteIfExists(scratch);
            }
        }
        jobIds(response, created);
    }

    private void tempFile(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Parameters params = Parameters.of(request);
        Caller caller = authenticator.authenticate(request, params);
        Responses.text(response, 200, uploads.create(company(caller, params.get("compid").orElse(null))));
    }

    private void putSegment(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Parameters params = Parameters.parseQuery(request.getQueryString());
        Caller caller = authenticator.authenticate(request, params);
        String company = company(caller, params.get("compid").orElse(null));
        String file = params.require("file");
        long index;
        try {
            index = Long.parseLong(params.require("index"));
        } catch (NumberFormatException e) {
            throw CirrusError.badRequest("index must be a whole number of bytes");
        }
        long written = uploads.putSegment(company, file, index, request.getContentLengthLong(),
                new ClientBody(request.getInputStream()), limits.maxBodyBytes());
        Responses.text(response, 200, Long.toString(written));
    }

    private void submitFile(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Parameters params = Parameters.of(request);
        Caller caller = authenticator.authenticate(request, params);
        String company = company(caller, params.get("compid").orElse(null));
        String file = params.require("file");
        params.require("targets");
        List<Submissions.Resolved> targets = resolve(company, params);
        Compression compression = compression(params);
        try (Uploads.Lease lease = uploads.lease(company, file)) {
            jobIds(response, submissions.submit(caller, company, targets, params.get("title").orElse(""),
                    compression, lease::open));
        }
    }

    private void getJob(HttpServletRequest request, HttpServletResponse response, String compId, String locId,
            String devId, String jobId) throws IOException {
        Caller caller = authenticator.authenticate(request, Parameters.of(request));
        String company = company(caller, compId);
        readableLocation(caller, locId);
        Job job = parseJobId(jobId).flatMap(jobs::find)
                .filter(j -> Submissions.ORIGIN.equals(j.origin()) && company.equals(j.account().orElse(""))
                        && locId.equals(j.ticket().extensions().get(Submissions.LOCATION_EXTENSION))
                        && devId.equals(j.deviceId()))
                .orElseThrow(() -> CirrusError.failure("no such job: " + Texts.clip(jobId)));
        Responses.write(response, 200, Json.CONTENT_TYPE, Records.job(job));
    }

    private void device(HttpServletRequest request, HttpServletResponse response, boolean get, String compId,
            String locId, String devId) throws IOException {
        Parameters params = Parameters.of(request);
        Caller caller = authenticator.authenticate(request, params);
        String company = company(caller, compId);
        readableLocation(caller, locId);
        CirrusDirectory.OutputDevice device;
        if (get) {
            device = directory.location(company, locId).map(l -> l.devices.get(devId))
                    .orElseThrow(() -> CirrusError.failure("unknown device " + Texts.clip(locId + ":" + devId)));
        } else {
            writable(caller);
            if (printers.printer(devId).isEmpty()) {
                throw CirrusError.failure("no Printhub device " + Texts.clip(devId));
            }
            device = directory.putDevice(company, locId, devId, d -> updateDevice(d, params));
        }
        json.write(response, 200, Records.device(devId, device, printers.printer(devId)));
    }

    private void location(HttpServletRequest request, HttpServletResponse response, boolean get, String compId,
            String locId) throws IOException {
        Parameters params = Parameters.of(request);
        Caller caller = authenticator.authenticate(request, params);
        String company = company(caller, compId);
        readableLocation(caller, locId);
        CirrusDirectory.Location location;
        if (get) {
            location = directory.location(company, locId)
                    .orElseThrow(() -> CirrusError.failure("unknown location " + Texts.clip(locId)));
        } else {
            writable(caller);
            location = directory.putLocation(company, locId, l -> updateLocation(l, params));
        }
        json.write(response, 200, Records.location(locId, location, printers::printer));
    }

    /** Applies the parameters given; the rest stays. Validation failures leave the directory unchanged. */
    private static void updateDevice(CirrusDirectory.OutputDevice d, Parameters params) {
        params.get("Filter").ifPresent(f -> {
            throw CirrusError.failure("Filter is not supported: Printhub runs no server-side commands on jobs");
        });
        params.raw("Name").ifPresent(v -> d.name = v.strip());
        params.flag("IsInactive").ifPresent(v -> d.inactive = v);
        params.integer("Type", Records.TYPE_PRINTER, Records.TYPE_NETWORK_PRINTER).ifPresent(v -> d.type = v);
        params.raw("Target").ifPresent(v -> d.target = v.strip());
        params.raw("Notes").ifPresent(v -> d.notes = v);
        params.raw("Formats").ifPresent(v -> {
            List<String> formats = new ArrayList<>();
            for (String f : v.split(";")) {
                String name = f.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!FORMATS.contains(name)) {
                    throw CirrusError.failure("Formats: '" + Texts.clip(name) + "' is not one of "
                            + FORMATS.stream().sorted().collect(Collectors.joining(", ")));
                }
                formats.add(name);
            }
            d.formats = formats;
        });
        params.raw("DefaultProps").ifPresent(v -> {
            Map<String, String> props = Props.parse(v);
            Props.toTicket(props);
            d.defaultProps = props;
        });
    }

    private static void updateLocation(CirrusDirectory.Location l, Parameters params) {
        params.raw("Name").ifPresent(v -> l.name = v.strip());
        params.raw("Password").ifPresent(v -> l.passwordHash = v.isEmpty() ? "" : Passwords.hash(v));
        params.flag("IsInactive").ifPresent(v -> l.inactive = v);
        params.integer("Type", 0, 1).ifPresent(v -> l.type = v);
        params.raw("AllowFrom").ifPresent(v -> {
            List<String> from = new ArrayList<>();
            for (String a : v.split(";")) {
                if (!a.isBlank()) {
                    from.add(a.strip());
                }
            }
            l.allowFrom = from;
        });
        params.raw("Email").ifPresent(v -> l.email = v.strip());
        params.raw("Email2").ifPresent(v -> l.email2 = v.strip());
        params.raw("Phone").ifPresent(v -> l.phone = v.strip());
        params.raw("Notes").ifPresent(v -> l.notes = v);
        params.flag("MFA").ifPresent(v -> l.mfa = v);
        if (l.mfa && l.email.isEmpty()) {
            throw CirrusError.failure("MFA needs an Email");
        }
    }

    private String company(Caller caller, String named) {
        String company = caller.company(named);
        if (!directory.hasCompany(company)) {
            throw CirrusError.failure("unknown company " + Texts.clip(company));
        }
        return company;
    }

    private static void readableLocation(Caller caller, String locId) {
        if (caller.location().isPresent() && !caller.location().get().equals(locId)) {
            throw CirrusError.request(403, "location " + caller.location().get() + " may only read itself");
        }
    }

    private static void writable(Caller caller) {
        if (!caller.mayChangeDirectory()) {
            throw CirrusError.request(403, "a location login cannot change settings");
        }
    }

    private List<Submissions.Resolved> resolve(String company, Parameters params) {
        return submissions.resolve(company, Target.parseList(params.require("targets")),
                Props.parse(params.raw("props").orElse(null)));
    }

    private static Compression compression(Parameters params) {
        String cmp = params.get("cmp").orElse("0");
        switch (cmp) {
            case "0":
                return Compression.NONE;
            case "1":
                return Compression.ZLIB;
            case "2":
                return Compression.GZIP;
            default:
                throw CirrusError.badRequest("cmp must be 1 (zlib) or 2 (gzip), not '" + Texts.clip(cmp) + "'");
        }
    }

    private static Optional<Long> parseJobId(String jobId) {
        try {
            return Optional.of(Long.parseLong(jobId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private InputStream body(HttpServletRequest request) throws IOException {
        return new ClientBody(limits.body(request));
    }

    private static void method(HttpServletRequest request, HttpServletResponse response, Set<String> allowed) {
        if (!allowed.contains(request.getMethod())) {
            response.setHeader("Allow", allowed.stream().sorted().collect(Collectors.joining(", ")));
            throw CirrusError.request(405, request.getMethod() + " is not allowed here; use "
                    + allowed.stream().sorted().collect(Collectors.joining(" or ")));
        }
    }

    private static void jobIds(HttpServletResponse response, List<Job> created) throws IOException {
        Responses.text(response, 200, created.stream().map(j -> Long.toString(j.id()))
                .collect(Collectors.joining("\n")));
    }

    private static void requestFailure(HttpServletRequest request, HttpServletResponse response, IOException e)
            throws IOException {
        if (e instanceof DecompressionLimitException || e instanceof CorruptCompressedDataException) {
            refuse(request, response, 200, e.getMessage());
        } else if (e instanceof RequestException) {
            refuse(request, response, ((RequestException) e).status(), e.getMessage());
        } else {
            refuse(request, response, 200, "cannot read the upload: " + Responses.clientMessage(e));
        }
    }

    /** {@code Error: message} with a 4xx status, or 200 for what CirrusPrint answers that way. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Responses.discardUnreadBody(request, response, DRAIN_LIMIT);
        Responses.text(response, status, "Error: " + message);
    }

    /**
     * A request body whose read failures (the client went away, a chunk was malformed) are the client's problem, a
     * 400, and not a server error; size and format refusals pass as they are.
     */
    private static final class ClientBody extends FilterInputStream {
        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RequestException e) {
                throw e;
            } catch (IOException e) {
                throw cutOff(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RequestException e) {
                throw e;
            } catch (IOException e) {
                throw cutOff(e);
            }
        }

        private static BadRequestException cutOff(IOException e) {
            return new BadRequestException("the request body could not be read to its end", e);
        }
    }
}
