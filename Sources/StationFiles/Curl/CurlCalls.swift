// The one file that calls libcurl: the process-wide initialisation (once, thread-safely), an easy
// handle owned by a class that cleans it up, and every CURLcode turned into a typed `CurlError`.
// Nothing else in the target touches a CURL pointer.

import CCurl

/// A failed libcurl call: its CURLcode, libcurl's text for the code, and the detail libcurl wrote
/// into the handle's error buffer (often naming the host or the certificate problem).
struct CurlError: Error, Sendable, CustomStringConvertible {
    /// The CURLcode's raw value.
    let code: UInt32
    /// `curl_easy_strerror` of the code.
    let text: String
    /// The error buffer's text, or empty.
    let detail: String

    init(_ code: CURLcode, detail: String = "") {
        self.code = code.rawValue
        text = String(cString: curl_easy_strerror(code))
        self.detail = detail
    }

    /// The transfer was stopped by our progress callback (the task was cancelled).
    var isAbortedByCallback: Bool { code == CURLE_ABORTED_BY_CALLBACK.rawValue }
    /// The HTTP server answered a status of 400 or more (with CURLOPT_FAILONERROR).
    var isHTTPError: Bool { code == CURLE_HTTP_RETURNED_ERROR.rawValue }
    /// A write callback refused the bytes (the local file could not be written).
    var isWriteError: Bool { code == CURLE_WRITE_ERROR.rawValue }
    /// The server refused the login (FTP 530, a wrong user or password).
    var isLoginDenied: Bool { code == CURLE_LOGIN_DENIED.rawValue }

    var description: String {
        detail.isEmpty || detail == text ? "\(text) (curl error \(code))" : "\(detail) (curl error \(code): \(text))"
    }
}

/// libcurl's process-wide state. `curl_global_init` must run once before any handle exists and
/// is not safe to run concurrently with itself; a `static let` is initialised exactly once, under
/// the runtime's lock, which gives both. It is never cleaned up (the process owns it to the end).
enum CurlGlobal {
    private static let initialization: CurlError? = {
        let code = curl_global_init(Int(CURL_GLOBAL_ALL))
        return code == CURLE_OK ? nil : CurlError(code, detail: "curl_global_init failed")
    }()

    /// Initialises libcurl if no one did yet; throws when that failed.
    static func initialize() throws(CurlError) {
        if let failure = initialization { throw failure }
    }
}

/// One libcurl easy handle with its error buffer, cleaned up when the owner drops it. Not
/// Sendable: a transfer creates, uses and drops it on its own thread.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A fresh handle (libcurl initialised first).
    init() throws(CurlError) {
        try CurlGlobal.initialize()
        guard let handle = curl_easy_init() else { throw CurlError(CURLE_FAILED_INIT, detail: "curl_easy_init returned no handle") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        let code = cs_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        guard code == CURLE_OK else {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw CurlError(code, detail: "setting the error buffer failed")
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    private func check(_ code: CURLcode, _ what: @autoclosure () -> String) throws(CurlError) {
        guard code == CURLE_OK else {
            let buffered = String(cString: errorBuffer)
            throw CurlError(code, detail: buffered.isEmpty ? what() : buffered)
        }
    }

    /// Sets an option that takes a number (a `long`).
    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(cs_curl_easy_setopt_long(handle, option, value), "setting option \(option.rawValue) failed")
    }

    /// Sets an option that takes a file size or offset (the `_LARGE` options).
    func set(_ option: CURLoption, large value: Int64) throws(CurlError) {
        try check(cs_curl_easy_setopt_off_t(handle, option, curl_off_t(value)), "setting option \(option.rawValue) failed")
    }

    /// Sets an option that takes text (libcurl keeps its own copy).
    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(cs_curl_easy_setopt_string(handle, option, value), "setting option \(option.rawValue) failed")
    }

    /// Sets an option that takes a pointer libcurl hands back to a callback; the caller keeps
    /// what it points to alive until `perform` returns.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(cs_curl_easy_setopt_pointer(handle, option, pointer), "setting option \(option.rawValue) failed")
    }

    /// Sets CURLOPT_WRITEFUNCTION or CURLOPT_READFUNCTION.
    func set(_ option: CURLoption, callback: cs_curl_data_callback) throws(CurlError) {
        try check(cs_curl_easy_setopt_data_callback(handle, option, callback), "setting callback \(option.rawValue) failed")
    }

    /// Sets CURLOPT_XFERINFOFUNCTION (and turns the progress meter on, which is what calls it).
    func setProgress(_ callback: cs_curl_xferinfo_callback) throws(CurlError) {
        try check(cs_curl_easy_setopt_xferinfo_callback(handle, callback), "setting the progress callback failed")
        try set(CURLOPT_NOPROGRESS, 0)
    }

    /// Runs the transfer to its end on the calling thread.
    func perform() throws(CurlError) {
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle), "the transfer failed")
    }

    /// The last response's status code (HTTP status or FTP reply), 0 when there was none.
    func responseCode() throws(CurlError) -> Int {
        var code = 0
        try check(cs_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code), "reading the response code failed")
        return code
    }
}
