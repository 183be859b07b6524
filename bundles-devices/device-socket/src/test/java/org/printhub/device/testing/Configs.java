package org.printhub.device.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A component's configuration annotation as DS would hand it over: every attribute its declared default unless
 * given, so tests also run against the real defaults. Values are given as name-value pairs, later ones winning.
 */
public final class Configs {
    private Configs() {
    }

    /**
     * @param namesAndValues attribute method names and values ({@code "port", 9101, "pjl", true}); a String for a
     *        String[] attribute stands for a one-element array
     * @throws IllegalArgumentException for a name the annotation has not, or a value of the wrong type
     */
    public static <A extends Annotation> A of(Class<A> type, Object... namesAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            values.put(m.getName(), m.getDefaultValue());
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            Method m;
            try {
                m = type.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no attribute " + name, e);
            }
            if (m.getReturnType() == String[].class && value instanceof String s) {
                value = new String[] { s };
            }
            if (!box(m.getReturnType()).isInstance(value)) {
                throw new IllegalArgumentException(name + " takes a " + m.getReturnType().getSimpleName());
            }
            values.put(name, value);
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) ->
                switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        Object v = values.get(method.getName());
                        yield v instanceof Object[] array ? array.clone()
                                : v instanceof int[] ints ? Arrays.copyOf(ints, ints.length) : v;
                    }
                }));
    }

    private static Class<?> box(Class<?> type) {
        return type == int.class ? Integer.class : type == boolean.class ? Boolean.class
                : type == long.class ? Long.class : type;
    }
}
