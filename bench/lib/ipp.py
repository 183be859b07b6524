"""Just enough IPP (RFC 8010) to ask a private cupsd about its jobs: Get-Jobs and Get-Job-Attributes.
The load itself is sent by CUPS' own ipptool; this is for counting and for following one job."""

import http.client
import struct

PRINT_JOB, GET_JOBS, GET_JOB_ATTRIBUTES = 0x0002, 0x000A, 0x0009
MIME = 0x49
OPERATION, END = 0x01, 0x03
INTEGER, ENUM, URI, CHARSET, LANGUAGE, KEYWORD, NAME = 0x21, 0x23, 0x45, 0x47, 0x48, 0x44, 0x42


def _attr(tag, name, value):
    v = struct.pack(">i", value) if isinstance(value, int) else value.encode()
    n = name.encode()
    return bytes([tag]) + struct.pack(">H", len(n)) + n + struct.pack(">H", len(v)) + v


def request(op, attrs, request_id=1):
    body = struct.pack(">BBHI", 2, 0, op, request_id) + bytes([OPERATION])
    body += _attr(CHARSET, "attributes-charset", "utf-8") + _attr(LANGUAGE, "attributes-natural-language", "en")
    for tag, name, value in attrs:
        body += _attr(tag, name, value)
    return body + bytes([END])


def parse(data):
    """(status code, [(name, value)]) with integers and enums as int, the rest as str."""
    status = struct.unpack(">H", data[2:4])[0]
    out, i, last = [], 8, None
    while i < len(data):
        tag = data[i]
        i += 1
        if tag < 0x10:
            if tag == END:
                break
            continue
        nlen = struct.unpack(">H", data[i:i + 2])[0]
        name = data[i + 2:i + 2 + nlen].decode("utf-8", "replace")
        i += 2 + nlen
        vlen = struct.unpack(">H", data[i:i + 2])[0]
        raw = data[i + 2:i + 2 + vlen]
        i += 2 + vlen
        name = name or last
        last = name
        out.append((name, struct.unpack(">i", raw)[0] if tag in (INTEGER, ENUM) and vlen == 4
                    else raw.decode("utf-8", "replace")))
    return status, out


class Client:
    """One kept-alive connection to a cupsd on 127.0.0.1."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout = port, timeout
        self.conn = None

    def call(self, path, op, attrs, document=b""):
        body = request(op, attrs) + document
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.request("POST", path, body, {"Content-Type": "application/ipp"})
                r = self.conn.getresponse()
                data = r.read()
                if r.status != 200:
                    raise RuntimeError(f"IPP over HTTP: {r.status}")
                return parse(data)
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise

    def count_jobs(self, printer, which="all"):
        """How many jobs cupsd lists for the printer (which-jobs all, not-completed or completed)."""
        _, attrs = self.call(f"/printers/{printer}", GET_JOBS, [
            (URI, "printer-uri", f"ipp://127.0.0.1:{self.port}/printers/{printer}"),
            (KEYWORD, "which-jobs", which), (KEYWORD, "requested-attributes", "job-id")])
        return sum(1 for n, _ in attrs if n == "job-id")

    def job_ids(self, printer, which="all"):
        _, attrs = self.call(f"/printers/{printer}", GET_JOBS, [
            (URI, "printer-uri", f"ipp://127.0.0.1:{self.port}/printers/{printer}"),
            (KEYWORD, "which-jobs", which), (KEYWORD, "requested-attributes", "job-id")])
        return [v for n, v in attrs if n == "job-id"]

    def print_job(self, printer, document, document_format="application/octet-stream"):
        """Print-Job; the new job's id."""
        status, attrs = self.call(f"/printers/{printer}", PRINT_JOB, [
            (URI, "printer-uri", f"ipp://127.0.0.1:{self.port}/printers/{printer}"),
            (NAME, "requesting-user-name", "bench"), (NAME, "job-name", "bench"),
            (MIME, "document-format", document_format)], document)
        if status >= 0x0100:
            raise RuntimeError(f"Print-Job: status 0x{status:04x}")
        return next(v for n, v in attrs if n == "job-id")

    def job_state(self, job_id):
        _, attrs = self.call("/jobs", GET_JOB_ATTRIBUTES, [
            (URI, "job-uri", f"ipp://127.0.0.1:{self.port}/jobs/{job_id}"),
            (KEYWORD, "requested-attributes", "job-state")])
        return next((v for n, v in attrs if n == "job-state"), None)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
