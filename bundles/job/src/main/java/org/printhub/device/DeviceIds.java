package org.printhub.device;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one rule for device ids, and how a driver derives one from its factory configuration.
 */
public final class DeviceIds {
    /** The optional configuration property that names a device; see {@link #fromConfiguration(Map)}. */
    public static final String ID_PROPERTY = "device.id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** @throws IllegalArgumentException if {@code id} is not a valid device id */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("a device id is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit: '" + id + "'");
        }
        return id;
    }

    /**
     * The device id for a component's configuration: {@value #ID_PROPERTY} when set, else the configuration's
     * name, which is what follows {@code ~} in the PID of a named factory configuration (FileInstall makes
     * {@code deploy/org.printhub.device.file-office.cfg} into {@code org.printhub.device.file~office}).
     *
     * @throws IllegalArgumentException if neither yields a valid id
     */
    public static String fromConfiguration(Map<String, ?> properties) {
        Object explicit = properties.get(ID_PROPERTY);
        if (explicit != null && !explicit.toString().isBlank()) {
            return requireValid(explicit.toString().trim());
        }
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.lastIndexOf('~');
            if (tilde >= 0) {
                return requireValid(p.substring(tilde + 1));
            }
        }
        throw new IllegalArgumentException("no device id: set " + ID_PROPERTY
                + " or use a named factory configuration (<factory pid>-<name>.cfg)");
    }
}
