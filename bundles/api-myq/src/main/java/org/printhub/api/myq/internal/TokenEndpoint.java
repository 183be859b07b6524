package org.printhub.api.myq.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.printhub.api.myq.internal.Accounts.Application;
import org.printhub.api.myq.internal.Accounts.User;
import org.printhub.http.BadRequestException;
import org.printhub.http.BasicCredentials;
import org.printhub.http.BoundedInputStream;
import org.printhub.http.Credentials;
import org.printhub.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/auth/token}: OAuth 2 grants as MyQ X takes them, from a JSON or a form body, with the client
 * authenticated by {@code client_id}/{@code client_secret} or HTTP Basic. Errors are RFC 6749 §5.2 ones.
 */
final class TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final Accounts accounts;
    private final Tokens tokens;
    private final FailureLimiter failures;
    private final Json json;

    TokenEndpoint(Accounts accounts, Tokens tokens, FailureLimiter failures, Json json) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.failures = failures;
        this.json = json;
    }

    /** The token response body. @throws MyqException with the OAuth error to answer */
    Map<String, Object> token(HttpServletRequest request, long maxBytes) throws IOException {
        JsonObject body = read(request, maxBytes);
        String grantType = string(body, "grant_type");
        if (grantType == null) {
            throw oauth(400, "invalid_request", "grant_type is required");
        }
        Optional<BasicCredentials> basic = Credentials.basic(request);
        String clientId = basic.map(BasicCredentials::user).orElse(string(body, "client_id"));
        String clientSecret = basic.map(BasicCredentials::password).orElse(string(body, "client_secret"));
        if (clientId == null || clientSecret == null) {
            throw invalidClient("client_id and client_secret are required", basic.isPresent());
        }
        String address = "address:" + request.getRemoteAddr();
        String client = "client:" + clientId.toLowerCase(Locale.ROOT);
        String account = accountKey(grantType, body);
        refuseIfBlocked(account == null ? new String[] { address, client } : new String[] { address, client, account });

        Optional<Application> app = accounts.authenticateClient(clientId, clientSecret);
        if (app.isEmpty()) {
            failures.failed(address, client);
            LOG.info("MyQ: refused a token request from {}: unknown client or wrong secret", request.getRemoteAddr());
            throw invalidClient("unknown client or wrong client secret", basic.isPresent());
        }
        Set<String> requested;
        try {
            requested = Scopes.parse(string(body, "scope"));
        } catch (IllegalArgumentException e) {
            throw oauth(400, "invalid_scope", e.getMessage());
        }
        Application a = app.get();
        Tokens.Issued issued;
        switch (grantType) {
            case "client_credentials": {
                Set<String> granted = Scopes.grant(requested, a.scopes(), null);
                // An application's own token has no refresh token (RFC 6749 §4.4.3).
                granted.remove(Scopes.OFFLINE_ACCESS);
                issued = tokens.issue(null, a.clientId(), requireSome(granted), null);
                break;
            }
            case "password": {
                String username = required(body, "username");
                User u = accounts.password(username, required(body, "password"))
                        .orElseThrow(() -> failedLogin(address, client, account, "wrong user name or password"));
                issued = forUser(u, a, requested, null);
                break;
            }
            case "login_info": {
                User u = loginInfo(body).orElseThrow(
                        () -> failedLogin(address, client, account, "the login information matches no user"));
                issued = forUser(u, a, requested, null);
                break;
            }
            case "refresh_token":
                issued = refresh(body, a, requested);
                break;
            case "authorization_code":
                throw oauth(400, "unsupported_grant_type",
                        "authorization_code needs MyQ's browser login, which this server does not have; "
                                + "use login_info or password");
            default:
                throw oauth(400, "unsupported_grant_type", "unknown grant_type '" + clip(grantType) + "'");
        }
        failures.succeeded(client);
        if (account != null) {
            failures.succeeded(account);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", issued.accessToken());
        out.put("token_type", "Bearer");
        out.put("expires_in", issued.expiresIn());
        out.put("scope", Scopes.format(issued.scopes()));
        if (issued.refreshToken() != null) {
            out.put("refresh_token", issued.refreshToken());
        }
        return out;
    }

    private Tokens.Issued forUser(User u, Application a, Set<String> requested, String family) {
        return tokens.issue(u.name(), a.clientId(), requireSome(Scopes.grant(requested, a.scopes(), u.scopes())),
                family);
    }

    private Tokens.Issued refresh(JsonObject body, Application a, Set<String> requested) {
        Tokens.Grant old;
        try {
            old = tokens.redeem(required(body, "refresh_token"), a.clientId(), requested);
        } catch (Tokens.RefreshRefusedException e) {
            throw oauth(400, e.scope ? "invalid_scope" : "invalid_grant", e.getMessage());
        }
        Set<String> asked = requested.isEmpty() ? old.scopes() : requested;
        if (old.user() == null) {
            throw oauth(400, "invalid_grant", "the refresh token has no user");
        }
        User u = accounts.user(old.user())
                .orElseThrow(() -> oauth(400, "invalid_grant", "the refresh token's user no longer exists"));
        // Rights may have shrunk since the first grant; they never grow through a refresh.
        return forUser(u, a, asked, old.family());
    }

    private Optional<User> loginInfo(JsonObject body) {
        JsonElement e = body.get("login_info");
        if (e == null || !e.isJsonObject()) {
            throw oauth(400, "invalid_request", "login_info must be an object with a type");
        }
        JsonObject info = e.getAsJsonObject();
        JsonElement type = info.get("type");
        int t;
        try {
            t = type == null ? -1 : type.getAsJsonPrimitive().isNumber() ? type.getAsInt()
                    : Integer.parseInt(type.getAsString().trim());
        } catch (RuntimeException ex) {
            t = -1;
        }
        if (t < 1 || t > 5) {
            throw oauth(400, "invalid_request", "login_info.type must be 1 (card), 2 (PIN), 3 (user and password), "
                    + "4 (card and PIN) or 5 (card and password)");
        }
        try {
            return accounts.login(t, string(info, "user"), string(info, "card"), string(info, "pin"),
                    string(info, "pwd"));
        } catch (IllegalArgumentException ex) {
            throw oauth(400, "invalid_request", ex.getMessage());
        }
    }

    private void refuseIfBlocked(String... keys) {
        Optional<Duration> wait = failures.blocked(keys);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            throw new MyqException(429, "too_many_attempts",
                    "too many failed logins; try again in " + seconds + " s",
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    private MyqException failedLogin(String address, String client, String account, String description) {
        if (account == null) {
            failures.failed(address, client);
        } else {
            failures.failed(address, client, account);
        }
        return oauth(400, "invalid_grant", description);
    }

    // The account a login tries: guessing one user's password from many addresses is limited too. PIN-only
    // logins name no account, so the address and client bound them.
    private static String accountKey(String grantType, JsonObject body) {
        if ("password".equals(grantType)) {
            String u = string(body, "username");
            return u == null ? null : "user:" + u;
        }
        if ("login_info".equals(grantType) && body.get("login_info") instanceof JsonObject info) {
            String u = string(info, "user");
            String card = string(info, "card");
            if (u != null) {
                return "user:" + u;
            }
            return card == null ? null : "card:" + Tokens.hash(card);
        }
        return null;
    }

    private static Set<String> requireSome(Set<String> granted) {
        if (granted.isEmpty()) {
            throw oauth(400, "invalid_scope",
                    "none of the requested scopes is allowed for this application and user");
        }
        return granted;
    }

    private JsonObject read(HttpServletRequest request, long maxBytes) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("application/x-www-form-urlencoded")) {
                return form(readText(BoundedInputStream.of(request, maxBytes)));
            }
            if (type.isEmpty() || type.startsWith("application/json") || type.endsWith("+json")) {
                JsonElement e = json.readJson(BoundedInputStream.of(request, maxBytes), StandardCharsets.UTF_8,
                        JsonElement.class);
                if (!e.isJsonObject()) {
                    throw oauth(400, "invalid_request", "the body must be a JSON object");
                }
                return e.getAsJsonObject();
            }
        } catch (BadRequestException e) {
            throw oauth(400, "invalid_request", e.getMessage());
        }
        throw oauth(400, "invalid_request", "send the token request as application/json or "
                + "application/x-www-form-urlencoded");
    }

    private static String readText(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A form, with {@code login_info[type]=2} fields or a JSON {@code login_info} turned into an object. */
    static JsonObject form(String body) {
        JsonObject o = new JsonObject();
        JsonObject info = new JsonObject();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key;
            String value;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw oauth(400, "invalid_request", "the form body has a malformed %-escape");
            }
            if (key.startsWith("login_info[") && key.endsWith("]")) {
                info.add(key.substring(11, key.length() - 1), new JsonPrimitive(value));
            } else if (key.equals("login_info")) {
                try {
                    JsonElement e = JsonParser.parseReader(new StringReader(value));
                    if (e.isJsonObject()) {
                        e.getAsJsonObject().entrySet().forEach(x -> info.add(x.getKey(), x.getValue()));
                    }
                } catch (JsonParseException e) {
                    throw oauth(400, "invalid_request", "login_info is not a JSON object");
                }
            } else {
                o.add(key, new JsonPrimitive(value));
            }
        }
        if (info.size() > 0) {
            o.add("login_info", info);
        }
        return o;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw oauth(400, "invalid_request", name + " must be a string");
        }
        String s = e.getAsString();
        return s.isEmpty() ? null : s;
    }

    private static String required(JsonObject o, String name) {
        String s = string(o, name);
        if (s == null) {
            throw oauth(400, "invalid_request", name + " is required");
        }
        return s;
    }

    private static MyqException invalidClient(String description, boolean basic) {
        return new MyqException(401, "invalid_client", description,
                basic ? Map.of("WWW-Authenticate", "Basic realm=\"myq\"") : Map.of());
    }

    static MyqException oauth(int status, String error, String description) {
        return new MyqException(status, error, description);
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
