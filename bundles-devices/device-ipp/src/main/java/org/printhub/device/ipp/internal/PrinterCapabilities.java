package org.printhub.device.ipp.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.hp.jipp.encoding.AttributeGroup;
import com.hp.jipp.encoding.AttributeType;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.encoding.Tag;
import com.hp.jipp.model.Operation;
import com.hp.jipp.model.Orientation;
import com.hp.jipp.model.Types;

import kotlin.ranges.IntRange;

/**
 * What a printer said it can do in its Get-Printer-Attributes answer. An attribute the printer left out counts as
 * "not supported", except the document formats, where nothing said means any.
 */
final class PrinterCapabilities {
    /** What Get-Printer-Attributes asks for: the capabilities below, and the state worth showing. */
    static final List<AttributeType<?>> REQUESTED = List.of(Types.printerMakeAndModel,
            Types.documentFormatSupported, Types.mediaSupported, Types.mediaDefault, Types.sidesSupported,
            Types.printColorModeSupported, Types.colorSupported, Types.copiesSupported, Types.pageRangesSupported,
            Types.printScalingSupported, Types.orientationRequestedSupported, Types.jobPrioritySupported,
            Types.operationsSupported, Types.multipleDocumentJobsSupported, Types.printerState,
            Types.printerStateReasons, Types.printerStateMessage, Types.printerIsAcceptingJobs);

    final String makeAndModel;
    final Set<String> documentFormats;
    final Set<String> media;
    final String mediaDefault;
    final Set<String> sides;
    final Set<String> colorModes;
    final boolean color;
    final int maxCopies;
    final boolean pageRanges;
    final Set<String> scaling;
    final Set<Integer> orientations;
    final boolean priority;
    final Set<Integer> operations;
    final boolean multipleDocumentJobs;

    private PrinterCapabilities(AttributeGroup p) {
        makeAndModel = orElse(() -> p.getValue(Types.printerMakeAndModel).getValue(), "");
        documentFormats = strings(p, Types.documentFormatSupported);
        media = strings(p, Types.mediaSupported);
        mediaDefault = orElse(() -> p.getValue(Types.mediaDefault).asString(), null);
        sides = strings(p, Types.sidesSupported);
        colorModes = strings(p, Types.printColorModeSupported);
        color = orElse(() -> p.getValue(Types.colorSupported), colorModes.contains("color"));
        maxCopies = orElse(() -> ((IntRange) p.getValue(Types.copiesSupported)).getLast(), 1);
        pageRanges = orElse(() -> p.getValue(Types.pageRangesSupported), false);
        scaling = strings(p, Types.printScalingSupported);
        orientations = codes(orElse(() -> p.getValues(Types.orientationRequestedSupported), List.<Orientation>of()));
        priority = orElse(() -> p.getValue(Types.jobPrioritySupported) > 1, false);
        operations = codes(orElse(() -> p.getValues(Types.operationsSupported), List.<Operation>of()));
        multipleDocumentJobs = orElse(() -> p.getValue(Types.multipleDocumentJobsSupported), false);
    }

    static PrinterCapabilities from(IppPacket response) {
        AttributeGroup printer = response.get(Tag.printerAttributes);
        return new PrinterCapabilities(printer == null ? AttributeGroup.groupOf(Tag.printerAttributes) : printer);
    }

    boolean supports(Operation operation) {
        return operations.contains(operation.getCode());
    }

    boolean acceptsFormat(String mimeType) {
        return documentFormats.isEmpty() || documentFormats.contains(mimeType);
    }

    /** A printer's attribute may be absent, or of another type than RFC 8011 says: both read as the fallback. */
    private static <T> T orElse(Supplier<T> read, T fallback) {
        try {
            T value = read.get();
            return value == null ? fallback : value;
        } catch (RuntimeException wrongType) {
            return fallback;
        }
    }

    private static Set<String> strings(AttributeGroup group, AttributeType<?> type) {
        return new LinkedHashSet<>(orElse(() -> group.getStrings(type), List.of()));
    }

    private static Set<Integer> codes(Collection<? extends com.hp.jipp.encoding.Enum> values) {
        Set<Integer> codes = new LinkedHashSet<>();
        for (Object v : values) {
            if (v instanceof com.hp.jipp.encoding.Enum) {
                codes.add(((com.hp.jipp.encoding.Enum) v).getCode());
            }
        }
        return codes;
    }
}
