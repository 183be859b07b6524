package org.printhub.job.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts job and device events, and writes the one INFO line per job transition. */
final class JobEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger("org.printhub.job");

    private final EventAdmin eventAdmin;

    JobEventPublisher(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void submitted(Job job) {
        LOG.info("job {} {} on {} from {} ({} document(s), {} bytes) [{}]", job.id(), job.state().keyword(),
                job.deviceId(), job.origin().isEmpty() ? "-" : job.origin(), job.documents().size(), job.size(),
                String.join(",", job.stateReasons()));
        post(JobEvents.JOB_SUBMITTED, job, null);
    }

    void changed(Job before, Job after) {
        if (before.state() != after.state() || !before.stateReasons().equals(after.stateReasons())) {
            LOG.info("job {} {} -> {} on {} [{}]{}", after.id(), before.state().keyword(), after.state().keyword(),
                    after.deviceId(), String.join(",", after.stateReasons()),
                    after.stateMessage().isEmpty() ? "" : " " + after.stateMessage());
            post(JobEvents.JOB_STATE_CHANGED, after, before);
        } else {
            post(JobEvents.JOB_UPDATED, after, before);
        }
    }

    void deleted(Job job) {
        LOG.info("job {} deleted ({} on {})", job.id(), job.state().keyword(), job.deviceId());
        post(JobEvents.JOB_DELETED, job, null);
    }

    void progress(Job job) {
        post(JobEvents.JOB_PROGRESS, job, null);
    }

    void device(String topic, String deviceId) {
        eventAdmin.postEvent(new Event(topic, Map.of(JobEvents.DEVICE_ID, deviceId)));
    }

    private void post(String topic, Job job, Job before) {
        Map<String, Object> p = new HashMap<>();
        p.put(JobEvents.JOB_ID, job.id());
        p.put(JobEvents.JOB_TOKEN, job.token());
        p.put(JobEvents.JOB_STATE, job.state().keyword());
        if (before != null) {
            p.put(JobEvents.JOB_PREVIOUS_STATE, before.state().keyword());
        }
        p.put(JobEvents.JOB_STATE_REASONS, job.stateReasons().toArray(new String[0]));
        p.put(JobEvents.JOB_STATE_MESSAGE, job.stateMessage());
        p.put(JobEvents.JOB_PAGES_COMPLETED, job.pagesCompleted());
        p.put(JobEvents.JOB_ORIGIN, job.origin());
        p.put(JobEvents.JOB_OWNER, job.owner());
        p.put(JobEvents.DEVICE_ID, job.deviceId());
        p.put(JobEvents.JOB, job);
        eventAdmin.postEvent(new Event(topic, p));
    }
}
