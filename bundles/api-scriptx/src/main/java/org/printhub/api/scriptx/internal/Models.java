package org.printhub.api.scriptx.internal;

import java.util.List;

/** ScriptX.Services response models, with the reference's JSON member names. */
final class Models {
    private Models() {
    }

    /** {@code Print}: the answer to printHtml/printPdf/printDirect print. */
    record Print(int status, String jobIdentifier, String message) {
        static Print softError(String message) {
            return new Print(StatusTable.SOFT_ERROR, "", message);
        }
    }

    /** {@code JobStatus}. */
    record JobStatus(int status, String jobIdentifier, String message) {
    }

    record Version(int major, int minor, int build, int revision, int majorRevision, int minorRevision) {
    }

    record ServiceDescription(int serviceClass, String currentAPIVersion, Version serviceVersion,
            Version serverVersion, Object serviceUpgrade, List<String> availablePrinters, boolean printHTML,
            boolean printPDF, boolean printDIRECT) {
    }

    record LicenseOptions(boolean basicHtmlPrinting, boolean advancedPrinting, boolean enhancedFormatting,
            boolean printPdf, boolean printRaw) {
        static LicenseOptions of(Licence.Options o) {
            return new LicenseOptions(o.basicHtmlPrinting, o.advancedPrinting, o.enhancedFormatting, o.printPdf,
                    o.printRaw);
        }
    }

    record License(String guid, String company, String companyHomePage, int revision, String from, String to,
            LicenseOptions options, List<String> domains) {
        static License of(Licence l) {
            return new License(l.guid, l.company, l.companyHomePage, l.revision,
                    l.from == null ? null : l.from.toString(), l.to == null ? null : l.to.toString(),
                    LicenseOptions.of(l.options), l.domains);
        }
    }

    record Margins(String left, String top, String bottom, String right) {
    }

    record PageSettings(int orientation, int units, Margins margins) {
    }

    record Size(double width, double height) {
    }

    record HtmlPrintSettings(String header, String footer, String headerFooterFont, String locale,
            int timezoneOffset, String shortDateFormat, String longDateFormat, String timeformat,
            String documentUrl, PageSettings page, int viewScale, int printBackgroundColorsAndImages,
            String pageRange, int printingPass, String jobTitle) {
    }

    record DeviceSettings(String printerName, String printToFileName, String paperSizeName, String paperSourceName,
            int collate, int copies, int duplex, int units, Size paperPageSize, Margins unprintableMargins,
            int status, String port, int attributes, String serverName, String shareName, String location,
            boolean isLocal, boolean isNetwork, boolean isShared, boolean isDefault, List<String> bins,
            List<String> forms) {
    }

    record PrintHtmlDefaultSettings(HtmlPrintSettings settings, DeviceSettings device,
            List<String> availablePrinters) {
    }
}
