package org.printhub.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.inject.Inject;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.printhub.http.HttpEndpoints;
import org.printhub.http.WhiteboardProperties;
import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

/** The real bundle set in Felix: submit → file printer, deploy/ configurations, a driver updated mid-job. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreRuntimeIT {
    @Inject
    private BundleContext context;
    @Inject
    @Filter(timeout = 30_000)
    private JobService jobs;
    @Inject
    @Filter(timeout = 30_000)
    private PrinterService printers;
    @Inject
    @Filter(timeout = 30_000)
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return new Option[] { PrinthubOptions.runtime(PrinthubOptions.workDirectory("core")) };
    }

    private PrinterStatus awaitPrinter(String id) throws InterruptedException {
        return Await.until("printer " + id, 20_000,
                () -> printers.printer(id).filter(PrinterStatus::present).orElse(null));
    }

    private Job awaitState(long id, JobState state) throws InterruptedException {
        return Await.until("job " + id + " " + state, 30_000,
                () -> jobs.find(id).filter(j -> j.state() == state).orElse(null));
    }

    private void configure(String factoryPid, String name, Object... keyValues) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        configAdmin.getFactoryConfiguration(factoryPid, name, "?").update(p);
    }

    private static JobSubmission document(String device, String name, byte[] bytes) {
        return JobSubmission.to(device).name(name).owner("it").origin("it")
                .document(DocumentSource.of(name, "application/pdf", () -> new ByteArrayInputStream(bytes))).build();
    }

    @Test
    public void aSurfaceServesOnItsOwnListenerOnly() throws Exception {
        HttpEndpoints endpoints = Await.until("HttpEndpoints", 20_000, () -> service(HttpEndpoints.class));
        String target = endpoints.open("it-own", 0);
        ServiceRegistration<Servlet> servlet = context.registerService(Servlet.class, new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print("own listener");
            }
        }, WhiteboardProperties.servlet(target, "it-own", "/own/*"));
        try {
            URI own = Await.until("listener it-own", 20_000, () -> endpoints.endpoint("it-own").orElse(null));
            URI shared = Await.until("shared listener", 20_000, () -> endpoints.endpoint("printhub").orElse(null));
            assertFalse(own.equals(shared));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> onOwn = Await.until("servlet on it-own", 20_000, () -> {
                HttpResponse<String> r = get(http, own.resolve("own/x"));
                return r != null && r.statusCode() == 200 ? r : null;
            });
            assertEquals("own listener", onOwn.body());
            assertEquals(404, get(http, shared.resolve("own/x")).statusCode());
        } finally {
            servlet.unregister();
            endpoints.close("it-own");
        }
        Await.until("it-own closed", 20_000, () -> endpoints.endpoint("it-own").isEmpty());
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        return ref == null ? null : context.getService(ref);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 || r.statusCode() == 404 ? r : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    public void aSubmittedJobComesOutOfTheFilePrinterByteIdentical() throws Exception {
        Path out = Files.createTempDirectory("printhub-file-out");
        configure("org.printhub.device.file", "archive", "directory", out.toString());
        awaitPrinter("archive");
        byte[] doc = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(doc);
        Job job = jobs.submit(document("archive", "quarterly.pdf", doc));
        Job done = awaitState(job.id(), JobState.COMPLETED);
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList());
        }
        assertEquals("one file and no temp file left: " + files, 1, files.size());
        assertArrayEquals(doc, Files.readAllBytes(files.get(0)));
        assertEquals(doc.length, done.size());
    }

    @Test
    public void aConfigurationDroppedInDeployCreatesAPrinterAndDeletingItRemovesIt() throws Exception {
        Path deploy = Paths.get(System.getProperty("printhub.it.deploy"));
        Path cfg = deploy.resolve("org.printhub.device.virtual-lab.cfg");
        Files.writeString(cfg, "name=Lab printer\npagesPerMinute=0\n");
        PrinterStatus lab = awaitPrinter("lab");
        assertEquals("Lab printer", lab.info().orElseThrow().name());
        assertEquals("virtual", lab.info().orElseThrow().driver());
        Job job = jobs.submit(document("lab", "test.pdf", "%PDF-1.4 hello".getBytes()));
        awaitState(job.id(), JobState.COMPLETED);
        Files.delete(cfg);
        Await.until("printer lab to go", 20_000,
                () -> printers.printer("lab").map(p -> !p.present()).orElse(true));
    }

    @Test
    public void aDeviceBundleUpdatedMidJobLosesNoJob() throws Exception {
        configure("org.printhub.device.virtual", "slow", "pagesPerMinute", 1200, "bytesPerPage", 100);
        awaitPrinter("slow");
        List<Job> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(jobs.submit(document("slow", "job" + i + ".pdf", new byte[1000 + i])));
        }
        Job printing = Await.until("a job printing", 20_000, () -> submitted.stream()
                .map(j -> jobs.get(j.id())).filter(j -> j.state() == JobState.PROCESSING).findFirst().orElse(null));
        Bundle driver = Stream.of(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.printhub.device.virtual")).findFirst().orElseThrow();
        driver.update();
        for (Job j : submitted) {
            Job done = awaitState(j.id(), JobState.COMPLETED);
            assertTrue(done.stateMessage(), done.stateMessage().contains("sha256"));
        }
        assertTrue("the interrupted job printed again", jobs.get(printing.id()).attempts() >= 2);
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("printhub-device-slow")).count();
        assertEquals("the old driver's worker is gone", 1, workers);
        assertFalse(printers.printer("slow").orElseThrow().currentJobId().isPresent());
    }
}
