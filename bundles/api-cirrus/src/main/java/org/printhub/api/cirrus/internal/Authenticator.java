package org.printhub.api.cirrus.internal;

import java.util.Optional;

import org.printhub.http.ApiKey;
import org.printhub.http.ApiKeys;
import org.printhub.http.Credentials;

import jakarta.servlet.http.HttpServletRequest;

/**
 * CirrusPrint's ways to authenticate: {@code Authorization: Bearer <API key>}, or {@code s_userid} and
 * {@code s_password} as parameters, where the password is an API key (and the user id its name or id) or a
 * location's password (and the user id {@code LocID@CompID}). A key names its company with the scope
 * {@code cirrus.company:<CompID>}, which {@code cirrus:key} gives it; an {@code admin} key acts for any company.
 */
final class Authenticator {
    static final String COMPANY_SCOPE = "cirrus.company:";

    private final ApiKeys keys;
    private final CirrusDirectory directory;

    Authenticator(ApiKeys keys, CirrusDirectory directory) {
        this.keys = keys;
        this.directory = directory;
    }

    /** @throws CirrusError 401 without valid credentials, 403 for a key that is not for CirrusPrint */
    Caller authenticate(HttpServletRequest request, Parameters params) {
        Optional<String> bearer = Credentials.bearer(request);
        if (bearer.isPresent()) {
            return byKey(keys.authenticate(bearer.get()).orElseThrow(Authenticator::denied));
        }
        Optional<String> user = params.get("s_userid");
        Optional<String> password = params.get("s_password");
        if (user.isEmpty() || password.isEmpty()) {
            throw CirrusError.request(401, "authentication required: Authorization: Bearer <API key>, "
                    + "or s_userid and s_password");
        }
        int at = user.get().indexOf('@');
        if (at > 0) {
            return byLocation(user.get().substring(at + 1), user.get().substring(0, at), password.get(),
                    request.getRemoteAddr());
        }
        ApiKey key = keys.authenticate(password.get()).orElseThrow(Authenticator::denied);
        if (!user.get().equals(key.name()) && !user.get().equals(key.id())) {
            throw denied();
        }
        return byKey(key);
    }

    private static Caller byKey(ApiKey key) {
        if (key.scopes().contains(ApiKey.ADMIN)) {
            return Caller.admin(key.name());
        }
        for (String scope : key.scopes()) {
            if (scope.startsWith(COMPANY_SCOPE)) {
                return Caller.companyKey(key.name(), scope.substring(COMPANY_SCOPE.length()));
            }
        }
        throw CirrusError.request(403, "this API key is not for a CirrusPrint company");
    }

    private Caller byLocation(String company, String location, String password, String remoteAddress) {
        CirrusDirectory.Location l = directory.location(company, location).orElseThrow(Authenticator::denied);
        if (l.inactive || !Passwords.matches(password, l.passwordHash)) {
            throw denied();
        }
        if (!l.allowFrom.isEmpty() && !l.allowFrom.contains(remoteAddress)) {
            throw CirrusError.request(403, "location " + location + " may not log in from " + remoteAddress);
        }
        return Caller.locationUser(company, location);
    }

    private static CirrusError denied() {
        return CirrusError.request(401, "invalid credentials");
    }
}
