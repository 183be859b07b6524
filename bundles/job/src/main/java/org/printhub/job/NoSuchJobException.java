package org.printhub.job;

/** No job has that id or token. */
public class NoSuchJobException extends JobException {
    private static final long serialVersionUID = 1L;

    public NoSuchJobException(String idOrToken) {
        super("no such job: " + idOrToken);
    }
}
