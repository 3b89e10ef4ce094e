// libcurl for Swift. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
// call: these typed, non-variadic wrappers pass one value of a known C type each.
#ifndef CHARGESTATION_CCURL_SHIM_H
#define CHARGESTATION_CCURL_SHIM_H

// The type-checking macros of typecheck-gcc.h are for C callers; the wrappers below are typed.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/// A write or read callback (CURLOPT_WRITEFUNCTION, CURLOPT_READFUNCTION).
typedef size_t (*cs_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

/// A progress callback (CURLOPT_XFERINFOFUNCTION); a non-zero result aborts the transfer.
typedef int (*cs_curl_xferinfo_callback)(void *userdata, curl_off_t download_total, curl_off_t download_now,
                                         curl_off_t upload_total, curl_off_t upload_now);

/// What a read callback returns to abort the transfer (CURL_READFUNC_ABORT, which Swift does not
/// import as a macro).
static inline size_t cs_curl_readfunc_abort(void) {
    return CURL_READFUNC_ABORT;
}

/// Sets an option that takes a long.
static inline CURLcode cs_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a curl_off_t (the *_LARGE options).
static inline CURLcode cs_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a C string (libcurl copies it) or NULL.
static inline CURLcode cs_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a pointer libcurl keeps (callback data, the error buffer).
static inline CURLcode cs_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets a write or read callback.
static inline CURLcode cs_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, cs_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets the progress callback.
static inline CURLcode cs_curl_easy_setopt_xferinfo_callback(CURL *handle, cs_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

/// Reads a piece of information that is a long (CURLINFO_RESPONSE_CODE).
static inline CURLcode cs_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
