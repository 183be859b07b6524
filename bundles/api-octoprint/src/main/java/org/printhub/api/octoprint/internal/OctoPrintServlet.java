package org.printhub.api.octoprint.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.printhub.device.DeviceInfo;
import org.printhub.http.BadRequestException;
import org.printhub.http.BoundedInputStream;
import org.printhub.http.Credentials;
import org.printhub.http.Json;
import org.printhub.http.RequestException;
import org.printhub.http.Responses;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobException;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobStorageException;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every path of one OctoPrint instance: the REST API under {@code /api}, downloads, the Application Keys plugin
 * and the push socket under {@code /sockjs}. Status codes, check order and error bodies follow OctoPrint 1.11.
 */
final class OctoPrintServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OctoPrintServlet.class);
    private static final int MAX_JSON = 64 * 1024;
    private static final int MAX_FIELD = 64 * 1024;
    static final List<String> PERMISSIONS = List.of("ADMIN", "STATUS", "CONNECTION", "CONTROL", "FILES_LIST",
            "FILES_UPLOAD", "FILES_DOWNLOAD", "FILES_DELETE", "FILES_SELECT", "PRINT", "GCODE_VIEWER",
            "MONITOR_TERMINAL", "SETTINGS_READ", "SETTINGS", "SLICE", "TIMELAPSE_LIST", "WEBCAM");
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1");

    private final transient OctoPrintConfig config;
    private final transient JobService jobs;
    private final transient PrinterService printers;
    private final transient FileCatalog files;
    private final transient OctoStatus status;
    private final transient OctoAccounts accounts;
    private final transient PushHub push;
    private final transient Json json = Json.serializingNulls();
    private final String prefix;
    private final long maxUploadBytes;
    private final transient SecureRandom random = new SecureRandom();

    OctoPrintServlet(OctoPrintConfig config, JobService jobs, PrinterService printers, FileCatalog files,
            OctoStatus status, OctoAccounts accounts, PushHub push) {
        this.config = config;
        this.jobs = jobs;
        this.printers = printers;
        this.files = files;
        this.status = status;
        this.accounts = accounts;
        this.push = push;
        this.prefix = prefix(config.pathPrefix());
        this.maxUploadBytes = config.maxUploadMiB() << 20;
    }

    static String prefix(String configured) {
        String p = configured == null ? "" : configured.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            route(request, response);
        } catch (OctoError e) {
            answerError(request, response, e.status, e.getMessage(), e.plainText);
        } catch (RequestException e) {
            answerError(request, response, e.status(), Responses.clientMessage(e), false);
        } catch (IllegalJobStateException e) {
            answerError(request, response, 409, Responses.clientMessage(e), false);
        } catch (NoSuchJobException e) {
            answerError(request, response, 404, "File not found", false);
        } catch (JobRejectedException e) {
            answerError(request, response, rejectedStatus(e), Responses.clientMessage(e), false);
        } catch (JobStorageException e) {
            LOG.warn("OctoPrint {}: the store failed: {}", request.getRequestURI(), e.toString());
            answerError(request, response, 500, "The job store failed", false);
        } catch (JobException | IllegalArgumentException e) {
            answerError(request, response, 400, Responses.clientMessage(e), false);
        } catch (IOException | RuntimeException e) {
            if (response.isCommitted()) {
                LOG.debug("OctoPrint {}: {}", request.getRequestURI(), e.toString());
                return;
            }
            LOG.warn("OctoPrint {} failed", request.getRequestURI(), e);
            answerError(request, response, 500, "internal server error", false);
        }
    }

    private static int rejectedStatus(JobRejectedException e) {
        if (e.getCause() instanceof RequestException r) {
            return r.status();
        }
        return switch (e.reason()) {
        case JobRejectedException.TOO_LARGE -> 413;
        case JobRejectedException.UNSUPPORTED_FORMAT -> 415;
        case JobRejectedException.UNKNOWN_DEVICE -> 409;
        default -> 400;
        };
    }

    private void answerError(HttpServletRequest request, HttpServletResponse response, int status, String message,
            boolean plain) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Responses.discardUnreadBody(request, response, 1 << 20);
        if (plain) {
            Responses.text(response, status, message);
        } else {
            json.write(response, status, Map.of("error", message));
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String uri = request.getRequestURI();
        String path = URLDecoder.decode(uri.substring(Math.min(uri.length(), request.getContextPath().length()
                + prefix.length())).replace("+", "%2B"), StandardCharsets.UTF_8);
        String method = request.getMethod();
        if (path.startsWith("/sockjs")) {
            sockJs(path, request, response);
            return;
        }
        if (path.equals("/plugin/appkeys/probe")) {
            require(method, "GET");
            Responses.empty(response, 204);
            return;
        }
        if (path.equals("/plugin/appkeys/request")) {
            require(method, "POST");
            appKeyRequest(request, response);
            return;
        }
        if (path.startsWith("/plugin/appkeys/request/")) {
            require(method, "GET");
            appKeyPoll(path.substring("/plugin/appkeys/request/".length()), response);
            return;
        }
        String user = caller(request);
        if (path.startsWith("/downloads/files/")) {
            require(method, "GET", "HEAD");
            download(path.substring("/downloads/files/".length()), needUser(user), request, response);
            return;
        }
        switch (path) {
        case "/api/version" -> {
            require(method, "GET");
            needUser(user);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("api", "0.1");
            v.put("server", config.serverVersion());
            v.put("text", "OctoPrint " + config.serverVersion());
            json.write(response, 200, v);
        }
        case "/api/server" -> {
            require(method, "GET");
            needUser(user);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("version", config.serverVersion());
            v.put("safemode", false);
            json.write(response, 200, v);
        }
        case "/api/login" -> {
            require(method, "POST");
            login(user, request, response);
        }
        case "/api/logout" -> {
            require(method, "POST");
            Responses.discardUnreadBody(request, response, MAX_JSON);
            Responses.empty(response, 204);
        }
        case "/api/currentuser" -> {
            require(method, "GET");
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("name", user);
            u.put("permissions", user == null ? List.of() : PERMISSIONS);
            u.put("groups", user == null ? List.of("guests") : List.of("admins", "users"));
            json.write(response, 200, u);
        }
        case "/api/connection" -> connection(method, needUser(user), request, response);
        case "/api/job", "/api/control/job" -> job(method, user, request, response);
        case "/api/printer" -> {
            require(method, "GET");
            printer(needUser(user), request, response);
        }
        case "/api/settings" -> {
            require(method, "GET");
            needUser(user);
            json.write(response, 200, settings());
        }
        case "/api/printerprofiles" -> {
            require(method, "GET");
            needUser(user);
            json.write(response, 200, Map.of("profiles", Map.of("_default", profile())));
        }
        default -> {
            if (path.equals("/api/files") || path.startsWith("/api/files/")) {
                files(path.substring("/api/files".length()), method, needUser(user), request, response);
            } else {
                throw OctoError.notFound();
            }
        }
        }
    }

    private static void require(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw OctoError.of(405, "The method is not allowed for the requested URL.");
    }

    /** The user the request's API key belongs to: {@code apikey} parameter, {@code X-Api-Key}, Bearer. */
    private String caller(HttpServletRequest request) {
        Optional<String> key = Credentials.queryParameter(request, "apikey")
                .or(() -> Credentials.header(request, "X-Api-Key")).or(() -> Credentials.bearer(request));
        return key.flatMap(accounts::userByKey).orElse(null);
    }

    private static String needUser(String user) {
        if (user == null) {
            throw OctoError.forbidden();
        }
        return user;
    }

    private String baseUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return request.getScheme() + "://" + host + request.getContextPath() + prefix;
    }

    private JsonObject readJson(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw OctoError.of(400, "Expected content-type JSON");
        }
        try (InputStream in = BoundedInputStream.of(request, MAX_JSON)) {
            JsonElement e = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw OctoError.of(400, "Malformed JSON body in request");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw OctoError.of(400, "Malformed JSON body in request");
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && TRUE.contains(e.getAsString().toLowerCase(Locale.ROOT));
    }

    // ---- login, keys

    private void login(String keyUser, HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body = request.getContentLengthLong() == 0 ? new JsonObject() : readJson(request);
        String user;
        if (body.has("user") && body.has("pass")) {
            user = accounts.login(string(body, "user"), string(body, "pass")).orElseThrow(OctoError::forbidden);
        } else if (bool(body, "passive") || keyUser != null) {
            user = needUser(keyUser);
        } else {
            throw OctoError.of(400, "Mandatory parameters missing");
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("_is_external_client", false);
        u.put("_login_mechanism", keyUser != null ? "apikey" : "password");
        u.put("active", true);
        u.put("admin", true);
        u.put("apikey", null);
        u.put("groups", List.of("admins", "users"));
        u.put("name", user);
        u.put("needs", Map.of("group", List.of("admins", "users"), "role", List.of()));
        u.put("permissions", PERMISSIONS);
        u.put("roles", List.of("user", "admin"));
        u.put("session", accounts.openSession(user));
        u.put("settings", Map.of());
        u.put("user", true);
        json.write(response, 200, u);
    }

    private void appKeyRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body = readJson(request);
        String app = string(body, "app");
        if (app == null || app.isBlank()) {
            throw OctoError.of(400, "No app name provided");
        }
        String user = string(body, "user");
        OctoAccounts.KeyRequest r;
        try {
            r = accounts.request(app.length() > 40 ? app.substring(0, 40) : app, user);
        } catch (IllegalStateException e) {
            throw OctoError.of(429, "Too many pending requests");
        }
        String location = baseUrl(request) + "/plugin/appkeys/request/" + r.token;
        response.setHeader("Location", location);
        json.write(response, 201, Map.of("app_token", r.token, "auth_dialog",
                baseUrl(request) + "/plugin/appkeys/auth/" + r.token));
    }

    private void appKeyPoll(String token, HttpServletResponse response) throws IOException {
        OctoAccounts.KeyRequest r = accounts.poll(token).orElseThrow(OctoError::notFound);
        if (r.secret == null) {
            Responses.empty(response, 202);
            return;
        }
        json.write(response, 200, Map.of("api_key", r.secret));
    }

    // ---- connection, printer, settings

    private void connection(String method, String user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String port = status.printer().flatMap(PrinterStatus::info).map(DeviceInfo::uri)
                .filter(u -> !u.isBlank()).orElse(files.deviceId());
        if (method.equals("GET")) {
            OctoStatus.Snapshot snap = status.snapshot();
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("state", snap.state().text());
            current.put("port", snap.state().operational() ? port : null);
            current.put("baudrate", snap.state().operational() ? 115200 : null);
            current.put("printerProfile", "_default");
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("ports", List.of(port));
            options.put("baudrates", List.of(250000, 115200));
            options.put("printerProfiles", List.of(Map.of("name", "Default", "id", "_default")));
            options.put("portPreference", port);
            options.put("baudratePreference", 115200);
            options.put("printerProfilePreference", "_default");
            options.put("autoconnect", true);
            json.write(response, 200, Map.of("current", current, "options", options));
            return;
        }
        require(method, "POST");
        JsonObject body = readJson(request);
        String command = string(body, "command");
        if (command == null) {
            throw OctoError.of(400, "command is invalid");
        }
        switch (command) {
        case "connect" -> {
            String p = string(body, "port");
            if (p != null && !p.equals(port) && !p.equals("AUTO")) {
                throw OctoError.of(400, "port is invalid");
            }
            if (body.has("baudrate")) {
                String b = string(body, "baudrate");
                if (!Set.of("0", "250000", "115200").contains(b)) {
                    throw OctoError.of(400, "baudrate is invalid");
                }
            }
            String profile = string(body, "printerProfile");
            if (profile != null && !profile.equals("_default")) {
                throw OctoError.of(400, "printerProfile is invalid");
            }
            if (status.printer().map(PrinterStatus::paused).orElse(false)) {
                printers.resume(files.deviceId());
                status.printerChanged();
            }
            status.readings().clearError();
        }
        case "disconnect" -> {
            if (status.printer().isPresent()) {
                printers.pause(files.deviceId());
                status.printerChanged();
            }
        }
        case "fake_ack" -> {
            // nothing waits for an acknowledgement here
        }
        default -> throw OctoError.of(400, "command is invalid");
        }
        Responses.empty(response, 204);
    }

    private void printer(String user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        OctoStatus.Snapshot snap = status.snapshot();
        if (!snap.state().operational()) {
            throw OctoError.of(409, "Printer is not operational");
        }
        Set<String> exclude = new TreeSet<>();
        Credentials.queryParameter(request, "exclude").ifPresent(e -> {
            for (String x : e.split(",")) {
                exclude.add(x.trim());
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        if (!exclude.contains("temperature")) {
            Map<String, Object> temps = new LinkedHashMap<>(status.readings().temperatures());
            if (Credentials.queryParameter(request, "history").map(v -> TRUE.contains(v.toLowerCase(Locale.ROOT)))
                    .orElse(false)) {
                int limit = 300;
                try {
                    limit = Integer.parseInt(Credentials.queryParameter(request, "limit").orElse("300"));
                } catch (NumberFormatException e) {
                    // OctoPrint ignores a bad limit
                }
                temps.put("history", status.readings().temperatureHistory(Math.max(0, limit)));
            }
            body.put("temperature", temps);
        }
        if (!exclude.contains("sd")) {
            body.put("sd", Map.of("ready", false));
        }
        if (!exclude.contains("state")) {
            body.put("state", status.state(snap.state()));
        }
        json.write(response, 200, body);
    }

    private Map<String, Object> settings() {
        String name = status.printer().flatMap(PrinterStatus::info).map(DeviceInfo::name)
                .orElse(files.deviceId());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("api", Map.of("allowCrossOrigin", false));
        s.put("appearance", Map.of("name", name, "color", "default", "colorTransparent", false));
        s.put("feature", Map.of("sdSupport", false, "temperatureGraph", true, "gCodeVisualizer", false));
        s.put("folder", Map.of("uploads", "uploads", "timelapse", "timelapse", "watched", "watched"));
        s.put("serial", Map.of("port", files.deviceId(), "baudrate", 115200, "autoconnect", true));
        s.put("server", Map.of("commands", Map.of()));
        s.put("temperature", Map.of("profiles", List.of()));
        s.put("webcam", Map.of("webcamEnabled", false, "streamUrl", "", "snapshotUrl", ""));
        s.put("plugins", Map.of());
        return s;
    }

    private static Map<String, Object> profile() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", "_default");
        p.put("name", "Default");
        p.put("model", "Generic RepRap Printer");
        p.put("color", "default");
        p.put("current", true);
        p.put("default", true);
        p.put("heatedBed", true);
        p.put("heatedChamber", false);
        p.put("extruder", Map.of("count", 1, "nozzleDiameter", 0.4, "offsets", List.of(List.of(0.0, 0.0)),
                "sharedNozzle", false));
        p.put("volume", Map.of("width", 200.0, "depth", 200.0, "height", 200.0, "formFactor", "rectangular",
                "origin", "lowerleft", "custom_box", false));
        p.put("axes", Map.of("x", Map.of("speed", 6000, "inverted", false), "y", Map.of("speed", 6000,
                "inverted", false), "z", Map.of("speed", 200, "inverted", false), "e", Map.of("speed", 300,
                        "inverted", false)));
        return p;
    }

    // ---- job

    private void job(String method, String user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (method.equals("GET")) {
            needUser(user);
            json.write(response, 200, status.jobBody(status.snapshot()));
            return;
        }
        require(method, "POST");
        OctoStatus.Snapshot snap = status.snapshot();
        if (!snap.state().operational()) {
            throw OctoError.of(409, "Printer is not operational");
        }
        JsonObject body = readJson(request);
        String command = string(body, "command");
        if (command == null || !Set.of("start", "restart", "pause", "cancel").contains(command)) {
            throw OctoError.of(400, "command is invalid");
        }
        needUser(user);
        OctoState state = snap.state();
        Job selected = snap.selected().orElse(null);
        switch (command) {
        case "start" -> {
            if (state.active()) {
                throw OctoError.of(409, "Printer already has an active print job, did you mean 'restart'?");
            }
            if (selected == null) {
                throw OctoError.of(409, "No file selected to print");
            }
            files.print(selected);
        }
        case "restart" -> {
            if (!state.paused() || selected == null) {
                throw OctoError.of(409, "Printer does not have an active print job or is not paused");
            }
            if (selected.state().isActive()) {
                files.cancel(selected);
            }
            files.restart(selected);
        }
        case "pause" -> {
            if (!state.active() || selected == null) {
                throw OctoError.of(409,
                        "Printer is neither printing nor paused, 'pause' command cannot be performed");
            }
            String action = body.has("action") ? string(body, "action") : "toggle";
            // Pausing counts as paused: the job is suspended already
            boolean suspended = selected.state() == JobState.STOPPED;
            boolean pause = switch (action == null ? "" : action) {
            case "pause" -> true;
            case "resume" -> false;
            case "toggle" -> !suspended;
            default -> throw OctoError.of(400, "Unknown action");
            };
            if (pause && !suspended) {
                status.observed(files.suspend(selected));
            } else if (!pause && suspended) {
                status.observed(files.resume(selected));
            }
        }
        default -> {
            if (!state.active() || selected == null) {
                throw OctoError.of(409,
                        "Printer is neither printing nor paused, 'cancel' command cannot be performed");
            }
            if (selected.state() == JobState.PROCESSING) {
                status.cancelRequested(selected.id());
            }
            files.cancel(selected);
        }
        }
        Responses.empty(response, 204);
    }

    // ---- files

    private void files(String rest, String method, String user, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        boolean recursive = Credentials.queryParameter(request, "recursive")
                .map(v -> TRUE.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
        if (rest.isEmpty() || rest.equals("/")) {
            require(method, "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("files", listing("", recursive, baseUrl(request)));
            body.put("free", free());
            body.put("total", total());
            json.write(response, 200, body);
            return;
        }
        String r = rest.substring(1);
        int slash = r.indexOf('/');
        String location = slash < 0 ? r : r.substring(0, slash);
        String sub = slash < 0 ? "" : r.substring(slash + 1);
        if (!location.equals("local") && !location.equals("sdcard")) {
            throw OctoError.notFound();
        }
        if (location.equals("sdcard")) {
            // this printer has no SD card support: OctoPrint answers 404 for every SD card path then
            throw OctoError.of(404, "SD card support is disabled");
        }
        if (sub.isEmpty()) {
            if (method.equals("GET")) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("files", listing("", recursive, baseUrl(request)));
                body.put("free", free());
                body.put("total", total());
                json.write(response, 200, body);
            } else {
                require(method, "POST");
                upload(user, request, response);
            }
            return;
        }
        String path;
        try {
            path = FilePaths.normalize(sub);
        } catch (BadRequestException e) {
            throw OctoError.of(404, "File not found on 'local': " + sub);
        }
        switch (method) {
        case "GET" -> {
            Optional<Job> file = files.file(path);
            if (file.isPresent()) {
                json.write(response, 200, fileInfo(file.get(), baseUrl(request)));
            } else if (files.folderExists(path)) {
                json.write(response, 200, folderInfo(path, true, baseUrl(request)));
            } else {
                throw OctoError.of(404, "File not found on 'local': " + path);
            }
        }
        case "POST" -> fileCommand(path, user, request, response);
        case "DELETE" -> delete(path, response);
        default -> require(method, "GET", "POST", "DELETE");
        }
    }

    private long free() {
        try {
            return java.nio.file.Files.getFileStore(files.directory()).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private long total() {
        try {
            return java.nio.file.Files.getFileStore(files.directory()).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The files and folders directly in {@code folder}, with their contents when recursive. */
    private List<Map<String, Object>> listing(String folder, boolean recursive, String base) {
        List<Job> all = files.files();
        TreeSet<String> folders = files.folders();
        return listing(folder, recursive, base, all, folders);
    }

    private List<Map<String, Object>> listing(String folder, boolean recursive, String base, List<Job> all,
            TreeSet<String> folders) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String f : folders) {
            if (FilePaths.parent(f).equals(folder)) {
                Map<String, Object> info = folderBase(f, base);
                if (recursive) {
                    List<Map<String, Object>> children = listing(f, true, base, all, folders);
                    info.put("children", children);
                    info.put("size", files.filesUnder(f).stream().mapToLong(Job::size).sum());
                } else {
                    info.put("children", List.of());
                }
                out.add(info);
            }
        }
        for (Job j : all) {
            if (FilePaths.parent(j.name()).equals(folder)) {
                out.add(fileInfo(j, base));
            }
        }
        return out;
    }

    private Map<String, Object> folderInfo(String path, boolean recursive, String base) {
        Map<String, Object> info = folderBase(path, base);
        info.put("children", listing(path, recursive, base));
        return info;
    }

    private static Map<String, Object> folderBase(String path, String base) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", FilePaths.name(path));
        info.put("display", FilePaths.name(path));
        info.put("path", path);
        info.put("origin", "local");
        info.put("type", "folder");
        info.put("typePath", List.of("folder"));
        info.put("refs", Map.of("resource", base + "/api/files/local/" + encodePath(path)));
        return info;
    }

    private Map<String, Object> fileInfo(Job j, String base) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", FilePaths.name(j.name()));
        info.put("display", FilePaths.name(j.name()));
        info.put("path", j.name());
        info.put("type", "machinecode");
        info.put("typePath", List.of("machinecode", "gcode"));
        info.put("origin", "local");
        info.put("hash", j.documents().isEmpty() ? null : j.documents().get(0).sha256());
        info.put("size", j.size());
        info.put("date", j.createdAt().getEpochSecond());
        info.put("user", j.owner());
        info.put("refs", refs(j.name(), base));
        Map<String, Object> prints = new LinkedHashMap<>();
        boolean success = j.state() == JobState.COMPLETED;
        boolean failure = j.state() == JobState.ABORTED
                || j.state() == JobState.CANCELED && j.processingAt().isPresent();
        prints.put("success", success ? 1 : 0);
        prints.put("failure", failure ? 1 : 0);
        if (success || failure) {
            prints.put("last", Map.of("date", j.completedAt().map(t -> t.getEpochSecond()).orElse(0L),
                    "success", success));
        }
        info.put("prints", prints);
        return info;
    }

    private static Map<String, Object> refs(String path, String base) {
        return Map.of("resource", base + "/api/files/local/" + encodePath(path), "download",
                base + "/downloads/files/local/" + encodePath(path));
    }

    static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String s : path.split("/")) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    /** Whether {@code file} is the selected file and printing, paused or waiting to print. */
    private boolean busy(Job file) {
        OctoStatus.Snapshot snap = status.snapshot();
        return snap.state().active() && snap.selected().map(s -> s.id() == file.id()).orElse(false);
    }

    private void upload(String user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Multipart.boundary(request.getContentType()) == null) {
            throw OctoError.of(400, "No file to upload and no folder to create");
        }
        BoundedInputStream body = BoundedInputStream.of(request, maxUploadBytes);
        Multipart multipart = Multipart.of(request.getContentType(), body);
        Map<String, String> fields = new LinkedHashMap<>();
        Job upload = null;
        String fileName = null;
        String spooledAt = null;
        boolean done = false;
        try {
            for (Multipart.Part part = multipart.next(); part != null; part = multipart.next()) {
                if (part.name().equals("file") && part.fileName() != null) {
                    if (upload != null || fileName != null) {
                        throw OctoError.of(400, "Only one file may be uploaded at a time");
                    }
                    fileName = uploadName(part.fileName());
                    String target = FilePaths.join(FilePaths.normalize(fields.getOrDefault("path", "")), fileName);
                    if (!FilePaths.isMachineCode(fileName)) {
                        throw OctoError.of(415, "Could not upload the file \"" + fileName + "\", invalid type");
                    }
                    checkTarget(target, fields, 0);
                    spooledAt = target;
                    files.uploading(target);
                    // the fields after the file are read before the core sees the document end, so a request they
                    // refuse is never stored
                    upload = spool(target, user, new ThenRest(part.content(), () -> restOfForm(multipart, fields)));
                } else {
                    fields.put(part.name(), part.text(MAX_FIELD));
                }
            }
            if (fileName == null) {
                String folder = fields.get("foldername");
                if (folder == null) {
                    throw OctoError.of(400, "No file to upload and no folder to create");
                }
                createFolder(FilePaths.join(FilePaths.normalize(fields.getOrDefault("path", "")), folder),
                        request, response);
                done = true;
                return;
            }
            String target = FilePaths.join(FilePaths.normalize(fields.getOrDefault("path", "")), fileName);
            Optional<Job> replaced;
            long previouslySelected;
            Job file;
            // two uploads to the same path: the one that gets here second replaces the first, never two files at one
            // path (the index lists neither before this, whatever order their store writes and events came in)
            Job spooled = upload;
            Finished finished = files.atPath(target, () -> {
                Optional<Job> existing = checkTarget(target, fields, spooled.id());
                long selectedBefore = files.selectedId().orElse(0);
                for (Job other : files.allAt(target)) {
                    if (other.id() != spooled.id()) {
                        files.delete(other);
                    }
                }
                return new Finished(existing, selectedBefore, files.commit(spooled, target));
            });
            done = true;
            replaced = finished.replaced();
            previouslySelected = finished.previouslySelected();
            file = finished.file();
            boolean wantPrint = bool(fields, "print");
            boolean wantSelect = wantPrint || bool(fields, "select");
            if (replaced.isPresent() && replaced.get().id() == previouslySelected) {
                files.select(file.id());
            }
            boolean effectiveSelect = false;
            boolean effectivePrint = false;
            if (wantSelect && status.snapshot().state().ready()) {
                files.select(file.id());
                effectiveSelect = true;
                push.event("FileSelected", PushHub.filePayload(file));
                if (wantPrint) {
                    file = files.print(file);
                    effectivePrint = true;
                }
            }
            if (push.listening()) {
                Map<String, Object> added = PushHub.filePayload(file);
                added.put("type", List.of("machinecode", "gcode"));
                push.event("Upload", Map.of("name", FilePaths.name(target), "path", target, "target", "local",
                        "select", effectiveSelect, "print", effectivePrint));
                push.event("FileAdded", added);
                push.event("UpdatedFiles", Map.of("type", "printables"));
            }
            String base = baseUrl(request);
            Map<String, Object> local = new LinkedHashMap<>();
            local.put("name", FilePaths.name(target));
            local.put("display", FilePaths.name(target));
            local.put("path", target);
            local.put("origin", "local");
            local.put("refs", refs(target, base));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("files", Map.of("local", local));
            answer.put("done", true);
            answer.put("effectiveSelect", effectiveSelect);
            answer.put("effectivePrint", effectivePrint);
            response.setHeader("Location", base + "/api/files/local/" + encodePath(target));
            json.write(response, 201, answer);
        } finally {
            if (!done && upload != null) {
                try {
                    files.delete(upload);
                } catch (RuntimeException e) {
                    LOG.warn("OctoPrint: could not remove refused upload {}: {}", upload.id(), e.toString());
                }
            }
            if (spooledAt != null) {
                files.uploaded(spooledAt);
            }
        }
    }

    /** What finishing an upload did: the file it replaced, the selection before, the new file. */
    private record Finished(Optional<Job> replaced, long previouslySelected, Job file) {
    }

    /** Spools the file part; a refusal raised while the core read it is answered as that refusal. */
    private Job spool(String target, String user, InputStream content) throws RequestException {
        try {
            return files.spool(target, user, content);
        } catch (JobRejectedException e) {
            if (e.getCause() instanceof Refused r) {
                throw r.error;
            }
            if (e.getCause() instanceof RequestException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Reads the form's parts after the file into {@code fields} and checks them, while the core still reads the file:
     * whatever refuses the request here fails the document, so the core stores no job for it.
     */
    private static void restOfForm(Multipart multipart, Map<String, String> fields) throws IOException {
        for (Multipart.Part part = multipart.next(); part != null; part = multipart.next()) {
            if (part.name().equals("file") && part.fileName() != null) {
                throw new Refused(OctoError.of(400, "Only one file may be uploaded at a time"));
            }
            fields.put(part.name(), part.text(MAX_FIELD));
        }
        if (fields.containsKey("userdata")) {
            try {
                JsonParser.parseString(fields.get("userdata"));
            } catch (JsonParseException e) {
                throw new Refused(OctoError.of(400, "userdata contains invalid JSON"));
            }
        }
        // a path the upload would be refused for afterwards (a bad one: 400, as before the file)
        FilePaths.normalize(fields.getOrDefault("path", ""));
    }

    /** An OctoPrint refusal carried through the core's document read, which passes on I/O errors only. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient OctoError error;

        Refused(OctoError error) {
            super(error.getMessage(), null);
            this.error = error;
        }
    }

    /** What must run at the end of a stream before the end is reported. */
    @FunctionalInterface
    private interface AtEnd {
        void run() throws IOException;
    }

    /** A stream that runs {@link AtEnd} once, when its source ends, before it reports the end to its reader. */
    private static final class ThenRest extends FilterInputStream {
        private final AtEnd atEnd;
        private boolean ended;

        ThenRest(InputStream source, AtEnd atEnd) {
            super(source);
            this.atEnd = atEnd;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? end() : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            return n < 0 ? end() : n;
        }

        private int end() throws IOException {
            if (!ended) {
                ended = true;
                atEnd.run();
            }
            return -1;
        }
    }

    private static String uploadName(String clientName) throws BadRequestException {
        String n = FilePaths.normalize(clientName);
        if (n.isEmpty() || n.contains("/")) {
            throw new BadRequestException("filename is invalid: " + clientName);
        }
        return n;
    }

    /**
     * The file at {@code target} that the upload would replace, after the checks that refuse it.
     *
     * @param self the upload's own job, never the file it replaces (0 before it is spooled)
     */
    private Optional<Job> checkTarget(String target, Map<String, String> fields, long self) {
        if (files.folderExists(target) && !target.isEmpty()) {
            throw OctoError.of(409, "A folder with that name already exists");
        }
        Optional<Job> existing = files.file(target).filter(j -> j.id() != self);
        if (existing.isPresent()) {
            if (bool(fields, "noOverwrite")) {
                throw OctoError.of(409, "File already exists and noOverwrite was set");
            }
            if (busy(existing.get())) {
                throw OctoError.of(409, "Trying to overwrite file that is currently being printed: " + target);
            }
        }
        return existing;
    }

    private static boolean bool(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v != null && TRUE.contains(v.trim().toLowerCase(Locale.ROOT));
    }

    private void createFolder(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String folder = FilePaths.normalize(path);
        if (folder.isEmpty()) {
            throw OctoError.of(400, "No file to upload and no folder to create");
        }
        if (files.file(folder).isPresent()) {
            throw OctoError.of(409, "A file with that name already exists");
        }
        if (files.folderExists(folder)) {
            throw OctoError.of(409, "Folder already exists");
        }
        files.addFolder(folder);
        push.event("FolderAdded", Map.of("storage", "local", "path", folder, "name", FilePaths.name(folder)));
        String base = baseUrl(request);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", FilePaths.name(folder));
        f.put("path", folder);
        f.put("origin", "local");
        f.put("refs", Map.of("resource", base + "/api/files/local/" + encodePath(folder)));
        response.setHeader("Location", base + "/api/files/local/" + encodePath(folder));
        json.write(response, 201, Map.of("folder", f, "done", true));
    }

    private void fileCommand(String path, String user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        JsonObject body = readJson(request);
        String command = string(body, "command");
        if (command == null || !Set.of("select", "unselect", "copy", "move").contains(command)) {
            throw OctoError.of(400, "command is invalid");
        }
        Optional<Job> file = files.file(path);
        if (command.equals("unselect")) {
            OctoStatus.Snapshot snap = status.snapshot();
            if (snap.state().active()) {
                throw OctoError.text(409, "Printer is already printing, cannot unselect current file");
            }
            Job selected = snap.selected().orElseThrow(() -> OctoError.text(409, "Cannot unselect current file "
                    + "when there is no file selected"));
            if (!path.equals("current") && !path.equals(selected.name())) {
                throw OctoError.of(400, "Only the currently selected file can be unselected");
            }
            files.select(0);
            push.event("FileDeselected", Map.of());
            Responses.empty(response, 204);
            return;
        }
        if (file.isEmpty() && !(files.folderExists(path) && !command.equals("select"))) {
            throw OctoError.of(404, "File not found on 'local': " + path);
        }
        switch (command) {
        case "select" -> {
            if (!FilePaths.isMachineCode(path)) {
                throw OctoError.of(415, "Cannot select " + path + " for printing, not a machinecode file");
            }
            boolean print = bool(body, "print");
            OctoStatus.Snapshot snap = status.snapshot();
            if (!snap.state().ready()) {
                throw OctoError.of(409, "Printer is already printing, cannot select a new file");
            }
            files.select(file.get().id());
            push.event("FileSelected", PushHub.filePayload(file.get()));
            if (print) {
                files.print(file.get());
            }
            Responses.empty(response, 204);
        }
        default -> copyOrMove(command.equals("move"), path, file, string(body, "destination"), user, request,
                response);
        }
    }

    private void copyOrMove(boolean move, String path, Optional<Job> file, String destination, String user,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (destination == null) {
            throw OctoError.of(400, "Mandatory parameters missing");
        }
        String dest;
        try {
            dest = FilePaths.normalize(destination);
        } catch (BadRequestException e) {
            throw OctoError.of(400, e.getMessage());
        }
        String target = files.folderExists(dest) ? FilePaths.join(dest, FilePaths.name(path)) : dest;
        if (!files.folderExists(FilePaths.parent(target))) {
            throw OctoError.of(404, "Destination folder does not exist: " + FilePaths.parent(target));
        }
        if (target.equals(path) || files.file(target).isPresent() || files.folderExists(target)) {
            throw OctoError.of(409, "File or folder does already exist: " + target);
        }
        if (file.isEmpty()) {
            // a folder: copy or move everything under it
            if (target.startsWith(path + "/")) {
                throw OctoError.of(409, "Cannot move or copy a folder into itself");
            }
            List<Job> inside = files.filesUnder(path);
            for (Job j : inside) {
                if (move && busy(j)) {
                    throw OctoError.of(409, "Trying to move a folder with a file that is currently being printed");
                }
            }
            files.addFolder(target);
            for (String f : files.folders()) {
                if (f.startsWith(path + "/")) {
                    files.addFolder(target + f.substring(path.length()));
                }
            }
            for (Job j : inside) {
                String to = target + j.name().substring(path.length());
                if (move) {
                    files.rename(j, to);
                } else {
                    files.copy(j, to, user);
                }
            }
            if (move) {
                files.removeFolder(path);
            }
        } else {
            if (move && busy(file.get())) {
                throw OctoError.of(409, "Trying to move a file that is currently being printed: " + path);
            }
            files.atPath(target, () -> {
                if (files.file(target).isPresent()) {
                    throw OctoError.of(409, "File or folder does already exist: " + target);
                }
                return move ? files.rename(file.get(), target) : files.copy(file.get(), target, user);
            });
        }
        push.event("UpdatedFiles", Map.of("type", "printables"));
        String base = baseUrl(request);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", FilePaths.name(target));
        info.put("path", target);
        info.put("origin", "local");
        info.put("refs", file.isPresent() ? refs(target, base)
                : Map.of("resource", base + "/api/files/local/" + encodePath(target)));
        response.setHeader("Location", base + "/api/files/local/" + encodePath(target));
        json.write(response, 201, info);
    }

    private void delete(String path, HttpServletResponse response) throws IOException {
        Optional<Job> file = files.file(path);
        if (file.isPresent()) {
            if (busy(file.get())) {
                throw OctoError.of(409, "Trying to delete a file that is currently being printed: " + path);
            }
            files.delete(file.get());
            Map<String, Object> removed = PushHub.filePayload(file.get());
            push.event("FileRemoved", removed);
            push.event("UpdatedFiles", Map.of("type", "printables"));
            Responses.empty(response, 204);
            return;
        }
        if (!path.isEmpty() && files.folderExists(path)) {
            List<Job> inside = files.filesUnder(path);
            for (Job j : inside) {
                if (busy(j)) {
                    throw OctoError.of(409, "Trying to delete a folder that contains a file that is currently "
                            + "being printed: " + path);
                }
            }
            for (Job j : inside) {
                files.delete(j);
            }
            files.removeFolder(path);
            push.event("FolderRemoved", Map.of("storage", "local", "path", path, "name", FilePaths.name(path)));
            push.event("UpdatedFiles", Map.of("type", "printables"));
            Responses.empty(response, 204);
            return;
        }
        throw OctoError.of(404, "File not found on 'local': " + path);
    }

    private void download(String rest, String user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!rest.startsWith("local/")) {
            throw OctoError.notFound();
        }
        String path;
        try {
            path = FilePaths.normalize(rest.substring("local/".length()));
        } catch (BadRequestException e) {
            throw OctoError.notFound();
        }
        Job file = files.file(path).orElseThrow(OctoError::notFound);
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(file.size());
        response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(FilePaths.name(path), StandardCharsets.UTF_8).replace("+", "%20"));
        Responses.noStore(response);
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        try (InputStream in = files.open(file); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    // ---- push socket

    private void sockJs(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path.equals("/sockjs") || path.equals("/sockjs/")) {
            Responses.text(response, 200, "Welcome to SockJS!\n");
            return;
        }
        if (path.equals("/sockjs/info")) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("websocket", true);
            info.put("origins", List.of("*:*"));
            info.put("cookie_needed", false);
            info.put("entropy", Integer.toUnsignedLong(random.nextInt()));
            response.setHeader("Access-Control-Allow-Origin", "*");
            json.write(response, 200, info);
            return;
        }
        boolean raw = path.equals("/sockjs/websocket");
        String[] parts = path.split("/");
        boolean sockJs = parts.length == 5 && parts[4].equals("websocket") && !parts[2].isEmpty()
                && !parts[3].isEmpty() && !parts[2].contains(".") && !parts[3].contains(".");
        if (!raw && !sockJs) {
            throw OctoError.notFound();
        }
        if (!JettyWebSocket.upgrade(request, response, push.newSession(!raw))) {
            Responses.text(response, 400, "Can \"Upgrade\" only to \"WebSocket\".");
        }
    }
}
