// The one file that calls libserialport: each call's return code becomes a typed Swift error
// (with the library's own message), so the port logic above it never sees a C return code.

import CSerialPort

/// A libserialport port handle (`struct sp_port *`), freed when released.
struct SPPortHandle: @unchecked Sendable {
    // The pointer is owned by exactly one `LibSerialPort`, which serialises its use.
    let pointer: OpaquePointer
}

/// A failed libserialport call: which call, and the library's explanation.
struct LibSerialPortFailure: Error, Sendable {
    let reason: String
}

/// Thin, typed wrappers of the libserialport calls the drivers use.
enum LibSerialPortCalls {
    /// Checks a return code: negative values become `.failure` with the library's explanation.
    static func check(_ code: sp_return, _ what: String) -> Result<Int, LibSerialPortFailure> {
        let value = Int(code.rawValue)
        guard value < 0 else { return .success(value) }
        switch code {
        case SP_ERR_ARG: return .failure(LibSerialPortFailure(reason: "\(what): invalid argument"))
        case SP_ERR_MEM: return .failure(LibSerialPortFailure(reason: "\(what): out of memory"))
        case SP_ERR_SUPP: return .failure(LibSerialPortFailure(reason: "\(what): not supported by this port"))
        default:
            let message = sp_last_error_message().map { pointer in
                defer { sp_free_error_message(pointer) }
                return String(cString: pointer)
            } ?? "unknown error"
            return .failure(LibSerialPortFailure(reason: "\(what): \(message) (os error \(sp_last_error_code()))"))
        }
    }

    /// Looks up and opens `name` read-write with `settings`.
    static func open(_ name: String, _ settings: SerialSettings) throws(SerialPortError) -> SPPortHandle {
        var port: OpaquePointer?
        if case .failure(let failure) = check(sp_get_port_by_name(name, &port), "sp_get_port_by_name") {
            throw .openFailed(port: name, reason: failure.reason)
        }
        guard let port else { throw .openFailed(port: name, reason: "sp_get_port_by_name returned no port") }
        if case .failure(let failure) = check(sp_open(port, SP_MODE_READ_WRITE), "sp_open") {
            sp_free_port(port)
            throw .openFailed(port: name, reason: failure.reason)
        }
        let parity: sp_parity = switch settings.parity {
        case .none: SP_PARITY_NONE
        case .even: SP_PARITY_EVEN
        case .odd: SP_PARITY_ODD
        }
        let steps = [
            check(sp_set_baudrate(port, Int32(settings.baudRate)), "sp_set_baudrate"),
            check(sp_set_bits(port, Int32(settings.dataBits)), "sp_set_bits"),
            check(sp_set_parity(port, parity), "sp_set_parity"),
            check(sp_set_stopbits(port, Int32(settings.stopBits)), "sp_set_stopbits"),
            check(sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE), "sp_set_flowcontrol"),
        ]
        for case .failure(let failure) in steps {
            _ = sp_close(port)
            sp_free_port(port)
            throw .configurationFailed(port: name, reason: failure.reason)
        }
        return SPPortHandle(pointer: port)
    }

    /// The OS file descriptor of an open port.
    static func descriptor(_ handle: SPPortHandle, name: String) throws(SerialPortError) -> Int32 {
        var descriptor: Int32 = -1
        if case .failure(let failure) = check(sp_get_port_handle(handle.pointer, &descriptor), "sp_get_port_handle") {
            throw .openFailed(port: name, reason: failure.reason)
        }
        return descriptor
    }

    /// Reads what is waiting without blocking.
    static func readAvailable(_ handle: SPPortHandle) -> Result<[UInt8], LibSerialPortFailure> {
        var buffer = [UInt8](repeating: 0, count: 512)
        let code = buffer.withUnsafeMutableBytes { sp_nonblocking_read(handle.pointer, $0.baseAddress, $0.count) }
        return check(code, "sp_nonblocking_read").map { Array(buffer[0..<$0]) }
    }

    /// Writes `bytes`, waiting at most `timeoutMilliseconds`; returns how many were written.
    static func write(_ handle: SPPortHandle, _ bytes: [UInt8], timeoutMilliseconds: UInt32) -> Result<Int, LibSerialPortFailure> {
        let code = bytes.withUnsafeBytes { sp_blocking_write(handle.pointer, $0.baseAddress, $0.count, timeoutMilliseconds) }
        return check(code, "sp_blocking_write")
    }

    /// Drops unread input.
    static func flushInput(_ handle: SPPortHandle) {
        _ = sp_flush(handle.pointer, SP_BUF_INPUT)
    }

    /// Closes and frees the port.
    static func close(_ handle: SPPortHandle) {
        _ = sp_close(handle.pointer)
        sp_free_port(handle.pointer)
    }

    /// The serial ports the system has.
    static func listPorts() throws(SerialPortError) -> [SerialPortInfo] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        if case .failure(let failure) = check(sp_list_ports(&list), "sp_list_ports") {
            throw .openFailed(port: "(enumeration)", reason: failure.reason)
        }
        guard let list else { return [] }
        defer { sp_free_port_list(list) }
        var ports: [SerialPortInfo] = []
        var index = 0
        while let port = list[index] {
            index += 1
            guard let name = sp_get_port_name(port) else { continue }
            var vendor: Int32 = 0
            var product: Int32 = 0
            let isUSB = sp_get_port_transport(port) == SP_TRANSPORT_USB
                && (try? check(sp_get_port_usb_vid_pid(port, &vendor, &product), "sp_get_port_usb_vid_pid").get()) != nil
            ports.append(SerialPortInfo(
                name: String(cString: name),
                description: sp_get_port_description(port).map { String(cString: $0) } ?? "",
                usbVendorId: isUSB ? Int(vendor) : nil,
                usbProductId: isUSB ? Int(product) : nil
            ))
        }
        return ports
    }
}
