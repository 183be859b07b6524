package org.printhub.api.scriptx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.printhub.api.scriptx.internal.ScriptxJobs.Area;
import org.printhub.api.scriptx.internal.ScriptxJobs.SoftError;
import org.printhub.http.BasicCredentials;
import org.printhub.http.CorsPolicy;
import org.printhub.http.Credentials;
import org.printhub.http.Json;
import org.printhub.http.RequestException;
import org.printhub.http.Responses;
import org.printhub.job.JobService;
import org.printhub.job.PrinterStatus;
import org.printhub.render.RenderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every ScriptX.Services route, matched without regard to case and with an optional trailing slash, as ASP.NET
 * routes them. Errors are JSON strings with the HTTP status (the client shows 404 and 500 bodies as text);
 * refused print requests are 200 with {@code status: 3}.
 */
final class ScriptxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScriptxServlet.class);
    private static final Models.Version SERVICE_VERSION = new Models.Version(2, 23, 2, 0, 0, 0);
    private static final Models.Version SERVER_VERSION = new Models.Version(10, 3, 0, 0, 0, 0);
    private static final int SERVICE_CLASS_WINDOWS_PC = 3;

    private final transient ScriptxJobs jobs;
    private final transient JobService jobService;
    private final transient Printers printers;
    private final transient Licences licences;
    private final transient CorsPolicy cors;
    private final transient Json json = Json.create();
    private final transient ScriptxConfig config;

    ScriptxServlet(ScriptxJobs jobs, JobService jobService, Printers printers, Licences licences, CorsPolicy cors,
            ScriptxConfig config) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.printers = printers;
        this.licences = licences;
        this.cors = cors;
        this.config = config;
    }

    /** How much of a refused request's body is read and dropped, beyond which the connection is closed instead. */
    private static final long DRAIN_LIMIT = 64L << 20;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("true".equalsIgnoreCase(request.getHeader("Access-Control-Request-Private-Network"))) {
            // Chromium asks before a page on a public origin may call a server on loopback or the LAN.
            response.setHeader("Access-Control-Allow-Private-Network", "true");
        }
        if (cors.handlePreflight(request, response)) {
            return;
        }
        cors.applyHeaders(request, response);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        List<String> path = segments(request);
        try {
            route(method, path, request, response);
        } catch (RequestException e) {
            error(response, e.status(), Responses.clientMessage(e));
        } catch (IllegalArgumentException e) {
            error(response, 400, Responses.clientMessage(e));
        } catch (RuntimeException e) {
            LOG.warn("ScriptX {} {} failed", method, request.getRequestURI(), e);
            if (!response.isCommitted()) {
                error(response, 500, "internal server error");
            }
        }
        if (response.getStatus() >= 400) {
            // a refused request's body may be unread; the client should get the answer, not a reset
            Responses.discardUnreadBody(request, response, DRAIN_LIMIT);
        }
    }

    private void route(String method, List<String> p, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (method.equals("OPTIONS")) {
            response.setHeader("Allow", "GET, POST, PUT, DELETE, OPTIONS");
            Responses.empty(response, 204);
            return;
        }
        if (p.size() == 1 && p.get(0).equals("api")) {
            if (expect(method, "GET", response) && authorised(request, response)) {
                json.write(response, 200, serviceDescription());
            }
            return;
        }
        if (p.size() < 3 || !p.get(0).equals("api") || !p.get(1).equals("v1")) {
            error(response, 404, "Not found");
            return;
        }
        String area = p.get(2);
        List<String> rest = p.subList(3, p.size());
        String action = rest.isEmpty() ? "" : rest.get(0);
        switch (area) {
        case "licensing" -> licensing(method, action, rest, request, response);
        case "printhtml" -> printArea(Area.HTML, method, action, rest, request, response);
        case "printpdf" -> printArea(Area.PDF, method, action, rest, request, response);
        case "printdirect" -> {
            if (action.equals("print") && rest.size() == 1) {
                if (expect(method, "POST", response) && authorised(request, response)) {
                    printDirect(request, response);
                }
            } else {
                error(response, 404, "Not found");
            }
        }
        case "printer" -> {
            if (action.equals("settings") && rest.size() == 3) {
                if (expect(method, "GET", response) && authorised(request, response)) {
                    deviceInfo(original(request, 4), rest.get(2), response);
                }
            } else if (action.equals("connection") && rest.size() == 2) {
                if (authorised(request, response)) {
                    // Per-user printer connections are a Windows matter; Printhub's devices are configured.
                    json.write(response, 200, new JsonObject());
                }
            } else {
                error(response, 404, "Not found");
            }
        }
        default -> error(response, 404, "Not found");
        }
    }

    private void licensing(String method, String action, List<String> rest, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (action.equals("ping") && rest.size() == 1) {
            if (expect(method, "GET", response)) {
                String guid = request.getParameter("licenseGuid");
                Licence.Options options = guid == null || guid.isBlank() ? Licence.Options.all()
                        : licences.find(guid).map(l -> l.options).orElse(Licence.Options.none());
                json.write(response, 200, Models.LicenseOptions.of(options));
            }
            return;
        }
        if (!rest.isEmpty()) {
            error(response, 404, "Not found");
            return;
        }
        if (method.equals("GET")) {
            Optional<Licence> licence = licence(request);
            if (licence.isEmpty()) {
                unauthorised(response);
            } else {
                json.write(response, 200, Models.License.of(licence.get()));
            }
        } else if (method.equals("POST")) {
            // Applying a licence: only one the administrator added can be applied (licence:add).
            Fields body = Fields.of(json.readJson(request, JsonObject.class, config.maxRequestBytes()));
            String guid = body.string("guid", "");
            if (guid.isBlank()) {
                error(response, 400, "GUID is required");
                return;
            }
            if (Licence.normalise(guid).isEmpty()) {
                error(response, 400, "Invalid guid");
                return;
            }
            Optional<Licence> licence = licences.find(guid);
            if (licence.isEmpty()) {
                error(response, 404, "Unknown licence");
            } else {
                json.write(response, 200, Models.License.of(licence.get()));
            }
        } else {
            notAllowed(response);
        }
    }

    private void printArea(Area area, String method, String action, List<String> rest, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        switch (action) {
        case "print" -> {
            if (rest.size() == 1 && expect(method, "POST", response) && authorised(request, response)) {
                print(area, request, response);
            } else if (rest.size() != 1) {
                error(response, 404, "Not found");
            }
        }
        case "status" -> {
            if (rest.size() == 2 && expect(method, "GET", response) && authorised(request, response)) {
                String token = original(request, 4);
                Optional<Models.JobStatus> status = ScriptxJobs.isToken(token) ? jobs.status(token, area)
                        : Optional.empty();
                answerStatus(status, response);
            } else if (rest.size() != 2) {
                error(response, 404, "Not found");
            }
        }
        case "canceljob" -> {
            if (rest.size() == 2 && expect(method, "PUT", response) && authorised(request, response)) {
                String token = original(request, 4);
                answerStatus(ScriptxJobs.isToken(token) ? jobs.cancel(token, area) : Optional.empty(), response);
            } else if (rest.size() != 2) {
                error(response, 404, "Not found");
            }
        }
        case "download" -> {
            // No Basic auth: the client opens this URL with window.open, which sends no headers. The token is a
            // 128-bit random capability.
            if ((rest.size() == 2 || rest.size() == 3) && expect(method, "GET", response)) {
                download(area, original(request, 4), rest.size() == 3 ? original(request, 5) : null, response);
            } else if (rest.size() != 2 && rest.size() != 3) {
                error(response, 404, "Not found");
            }
        }
        case "htmlprintdefaults", "settings" -> {
            if (area == Area.HTML && rest.size() <= 2 && expect(method, "GET", response)
                    && authorised(request, response)) {
                int units = units(rest.size() == 2 ? rest.get(1) : request.getParameter("units"));
                if (action.equals("settings")) {
                    json.write(response, 200, defaultHtmlSettings(units));
                } else {
                    htmlPrintDefaults(units, response);
                }
            } else if (area != Area.HTML || rest.size() > 2) {
                error(response, 404, "Not found");
            }
        }
        case "deviceinfo" -> {
            if (area == Area.HTML && rest.size() == 3 && expect(method, "GET", response)
                    && authorised(request, response)) {
                deviceInfo(original(request, 4), rest.get(2), response);
            } else if (area != Area.HTML || rest.size() != 3) {
                error(response, 404, "Not found");
            }
        }
        case "currentprinter" -> {
            if (area == Area.HTML && rest.size() == 2 && expect(method, "PUT", response)
                    && authorised(request, response)) {
                // The Windows default printer is not the server's to change; the answer says which device it names.
                String name = original(request, 4).replaceFirst("(?i)^system::", "");
                deviceInfo(name, "0", response);
            } else if (area != Area.HTML || rest.size() != 2) {
                error(response, 404, "Not found");
            }
        }
        default -> error(response, 404, "Not found");
        }
    }

    private void print(Area area, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Fields body = Fields.of(json.readJson(request, JsonObject.class, config.maxRequestBytes()));
        String owner = licence(request).map(l -> l.company).orElse("");
        Fields device = body.object("device");
        String cookie = body.object("protectedContentAccess").string("cookie", null);
        Models.Print answer;
        try {
            ScriptxJobs.Target target = jobs.target(device);
            if (area == Area.HTML) {
                if (!body.has("contentType")) {
                    error(response, 400, "print failed: contentType is required");
                    return;
                }
                answer = jobs.printHtml(body.integer("contentType", 0), body.string("content", ""),
                        body.object("settings"), device, target, cookie, body.string("description", ""), owner);
            } else {
                answer = jobs.printPdf(body.string("document", ""), body.object("settings"), device, target, cookie,
                        body.string("description", ""), owner);
            }
        } catch (SoftError e) {
            answer = Models.Print.softError(e.getMessage());
        }
        json.write(response, 200, answer);
    }

    private void printDirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Fields body = Fields.of(json.readJson(request, JsonObject.class, config.maxRequestBytes()));
        String owner = licence(request).map(l -> l.company).orElse("");
        Models.Print answer;
        try {
            String printer = body.string("printerName", body.object("device").string("printerName", ""));
            String id = printers.resolve(printer).orElseThrow(() -> new SoftError(
                    printer.isBlank() ? "there is no printer to print to"
                            : "the printer '" + printer + "' is not available"));
            String name = ScriptxJobs.firstNonBlank(body.object("settings").string("jobTitle", ""),
                    body.string("description", ""), "ScriptX direct");
            answer = jobs.printDirect(body.integer("contentType", 0), body.string("content", ""),
                    new ScriptxJobs.Target(id, false, null), name, owner);
        } catch (SoftError e) {
            answer = Models.Print.softError(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = Models.Print.softError("the server is stopping");
        }
        json.write(response, 200, answer);
    }

    private void answerStatus(Optional<Models.JobStatus> status, HttpServletResponse response) throws IOException {
        if (status.isEmpty()) {
            error(response, 404, "Job not found");
        } else {
            json.write(response, 200, status.get());
        }
    }

    private void download(Area area, String token, String fileName, HttpServletResponse response) throws IOException {
        Optional<ScriptxJobs.Download> download = ScriptxJobs.isToken(token) ? jobs.download(token, area)
                : Optional.empty();
        if (download.isEmpty()) {
            error(response, 404, "Job not found or not ready for download");
            return;
        }
        String name = fileName != null && !fileName.isBlank() ? fileName : download.get().fileName();
        name = name.replaceAll("[\\\\/\"\\p{Cntrl}]", "_");
        if (!name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            name = name + ".pdf";
        }
        response.setStatus(200);
        Responses.noStore(response);
        response.setContentType("application/pdf");
        response.setContentLengthLong(download.get().size());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^\\x20-\\x7e]", "_")
                + "\"; filename*=UTF-8''" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        try (InputStream in = jobService.openDocument(download.get().jobId(), 0)) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
            out.flush();
        }
        jobs.collected(token, download.get().jobId());
    }

    private void htmlPrintDefaults(int units, HttpServletResponse response) throws IOException {
        Optional<String> id = printers.defaultId();
        if (id.isEmpty()) {
            error(response, 404, "there is no printer");
            return;
        }
        Optional<Models.DeviceSettings> device = deviceSettings(id.get(), units);
        if (device.isEmpty()) {
            error(response, 404, "there is no printer");
            return;
        }
        json.write(response, 200, new Models.PrintHtmlDefaultSettings(defaultHtmlSettings(units), device.get(),
                availablePrinters()));
    }

    private void deviceInfo(String name, String unitsText, HttpServletResponse response) throws IOException {
        int units = units(unitsText);
        Optional<Models.DeviceSettings> device = printers.resolve(name).flatMap(id -> deviceSettings(id, units));
        if (device.isEmpty()) {
            error(response, 404, "Printer not found: " + name);
        } else {
            json.write(response, 200, device.get());
        }
    }

    private List<String> availablePrinters() {
        List<String> names = new ArrayList<>(printers.names());
        if (printers.has(config.fileDevice())) {
            names.add(ScriptxJobs.PRINT_PREVIEW);
        }
        return names;
    }

    private Optional<Models.DeviceSettings> deviceSettings(String id, int units) {
        Optional<PrinterStatus> printer = printers.find(id);
        if (printer.isEmpty()) {
            return Optional.empty();
        }
        String paper = printer.get().info().map(i -> i.mediaDefault()).filter(m -> m != null && !m.isBlank())
                .map(ScriptxServlet::paperName).orElse(config.defaultPaper());
        double[] size = RenderSettings.paperSize(paper).orElse(RenderSettings.paperSize("A4").get());
        double factor = units == HtmlSettings.UNITS_INCHES ? 1 / 25.4 : 1;
        boolean isDefault = printers.defaultId().map(id::equals).orElse(false);
        List<String> forms = RenderSettings.paperNames().stream().map(ScriptxServlet::paperName).toList();
        String location = printer.get().info().map(i -> i.location()).orElse("");
        return Optional.of(new Models.DeviceSettings(id, null, paperName(paper), "Automatically Select", 1, 1, 1,
                units == 0 ? HtmlSettings.UNITS_MM : units,
                new Models.Size(round(size[0] * factor), round(size[1] * factor)), new Models.Margins("0", "0", "0", "0"),
                0, "", 0, "", "", location == null ? "" : location, true, false, false, isDefault,
                List.of("Automatically Select"), forms));
    }

    private Models.HtmlPrintSettings defaultHtmlSettings(int units) {
        boolean inches = units == HtmlSettings.UNITS_INCHES;
        String margin = inches ? "0.4" : "10";
        return new Models.HtmlPrintSettings("&w&bPage &p of &P", "&u&b&d", "font-family: sans-serif; font-size: 8pt",
                "en", 0, "", "", "", null,
                new Models.PageSettings(2, inches ? HtmlSettings.UNITS_INCHES : HtmlSettings.UNITS_MM,
                        new Models.Margins(margin, margin, margin, margin)),
                0, 2, "", 1, "");
    }

    private Models.ServiceDescription serviceDescription() {
        return new Models.ServiceDescription(SERVICE_CLASS_WINDOWS_PC, "v1", SERVICE_VERSION, SERVER_VERSION, null,
                availablePrinters(), true, true, true);
    }

    /** "a4" as Windows names it: "A4"; "letter": "Letter". */
    private static String paperName(String paper) {
        String p = paper.trim();
        if (p.matches("(?i)[ab][0-9]")) {
            return p.toUpperCase(Locale.ROOT);
        }
        return p.isEmpty() ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1).toLowerCase(Locale.ROOT);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static int units(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int u = Integer.parseInt(text.trim());
            return u >= 0 && u <= 2 ? u : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Optional<Licence> licence(HttpServletRequest request) {
        return Credentials.basic(request).map(BasicCredentials::user).flatMap(licences::find);
    }

    private boolean authorised(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (licence(request).isPresent()) {
            return true;
        }
        unauthorised(response);
        return false;
    }

    private void unauthorised(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"ScriptX.Services\"");
        error(response, 401, "Unauthorized");
    }

    private boolean expect(String method, String expected, HttpServletResponse response) throws IOException {
        if (method.equals(expected)) {
            return true;
        }
        response.setHeader("Allow", expected);
        notAllowed(response);
        return false;
    }

    private void notAllowed(HttpServletResponse response) throws IOException {
        error(response, 405, "Method not allowed");
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        json.write(response, status, message);
    }

    /** The lower-case path segments, for matching. */
    private static List<String> segments(HttpServletRequest request) {
        List<String> out = new ArrayList<>();
        for (String s : rawSegments(request)) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** The {@code index}th segment as sent (tokens, printer and file names), URL-decoded. */
    private static String original(HttpServletRequest request, int index) {
        List<String> raw = rawSegments(request);
        return index < raw.size() ? raw.get(index) : "";
    }

    private static List<String> rawSegments(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        List<String> out = new ArrayList<>();
        for (String s : uri.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
