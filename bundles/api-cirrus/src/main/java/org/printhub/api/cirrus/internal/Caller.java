package org.printhub.api.cirrus.internal;

import java.util.Optional;

/**
 * Who is calling and for which company. A company's API key and a location login act for one company; an
 * administrator key acts for the company a request names ({@code compid}, or {@code CompID} in the path).
 */
final class Caller {
    private final String user;
    private final String company;
    private final String location;
    private final boolean admin;

    private Caller(String user, String company, String location, boolean admin) {
        this.user = user;
        this.company = company;
        this.location = location;
        this.admin = admin;
    }

    static Caller companyKey(String user, String company) {
        return new Caller(user, company, null, false);
    }

    static Caller admin(String user) {
        return new Caller(user, null, null, true);
    }

    static Caller locationUser(String company, String location) {
        return new Caller(location + "@" + company, company, location, false);
    }

    /** Shown as the job's owner; never a secret. */
    String user() {
        return user;
    }

    /** A location login: it reads its own location and submits jobs, and changes nothing. */
    Optional<String> location() {
        return Optional.ofNullable(location);
    }

    boolean mayChangeDirectory() {
        return location == null;
    }

    /**
     * The company a request acts for.
     *
     * @param named the company the request names, or {@code null}
     * @throws CirrusError 400 when an administrator names none, 403 when a company caller names another
     */
    String company(String named) {
        if (company == null) {
            if (named == null || named.isBlank()) {
                throw CirrusError.badRequest("compid is required");
            }
            return named.trim();
        }
        if (named != null && !named.isBlank() && !named.trim().equals(company)) {
            throw CirrusError.request(403, "not allowed for company " + Texts.clip(named.trim()));
        }
        return company;
    }

    @Override
    public String toString() {
        return user + (admin ? " (admin)" : "");
    }
}
